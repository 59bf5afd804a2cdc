#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run; otherwise the headless server, with its URL.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { electronVersion, ensureElectronBinary, root } from './electron-env.mjs'

buildIfStale()

const desktop = desktopUnavailableReason() ?? prepareDesktop()
if (typeof desktop === 'string') {
  console.log(
    `Job Monitor cannot open its desktop window here: ${desktop}. Starting the headless app instead.`,
  )
  startHeadless()
} else {
  const child = spawn(desktop.binary, [root, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, JOB_MONITOR_SQLITE_BINDING: desktop.sqliteBinding },
  })
  child.on('exit', (code) => process.exit(code ?? 0))
}

function buildIfStale() {
  const built = join(root, 'out/main/index.js')
  const sourceTime = Math.max(...['src', 'migrations'].map((dir) => newestMtime(join(root, dir))))
  if (existsSync(built) && statSync(built).mtimeMs >= sourceTime) return
  console.log('Building Job Monitor…')
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
  if (result.status !== 0) {
    console.error('job-monitor: the build failed (see above): fix it, then run npm start again.')
    process.exit(1)
  }
}

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

function desktopUnavailableReason() {
  if (process.env.JOB_MONITOR_HEADLESS === '1') return 'JOB_MONITOR_HEADLESS=1 is set'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)'
  }
  return undefined
}

/** The Electron binary plus a better-sqlite3 built for Electron's ABI (the Node build stays for the CLI and tests). */
function prepareDesktop() {
  const electron = ensureElectronBinary()
  if (electron.error) return electron.error
  const version = electronVersion()
  const target = join(root, '.cache/electron-native', `${version}-${process.platform}-${process.arch}`)
  const binding = join(target, 'better_sqlite3.node')
  if (existsSync(binding)) return { binary: electron.binary, sqliteBinding: binding }

  console.log(`Building the SQLite module for Electron ${version} (once)…`)
  const work = join(target, 'better-sqlite3')
  mkdirSync(target, { recursive: true })
  cpSync(join(root, 'node_modules/better-sqlite3'), work, {
    recursive: true,
    filter: (path) => !path.includes(`${join('better-sqlite3', 'build')}`),
  })
  const bin = (name) => join(root, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name)
  const prebuilt = spawnSync(
    bin('prebuild-install'),
    ['--runtime', 'electron', '--target', version, '--arch', process.arch],
    {
      cwd: work,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    },
  )
  if (prebuilt.status !== 0) {
    const compiled = spawnSync(
      bin('node-gyp'),
      [
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${version}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' },
    )
    if (compiled.status !== 0) return `better-sqlite3 could not be built for Electron ${version}`
  }
  cpSync(join(work, 'build/Release/better_sqlite3.node'), binding)
  return { binary: electron.binary, sqliteBinding: binding }
}

function startHeadless() {
  const port = process.env.PORT ?? '8080'
  const demo = process.argv.includes('--demo') ? ['--demo'] : []
  const child = spawn(process.execPath, [join(root, 'out/main/cli.js'), ...demo, 'serve', '--port', port], {
    stdio: 'inherit',
  })
  const stop = () => child.kill('SIGTERM')
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  child.on('exit', (code) => process.exit(code ?? 0))
}
