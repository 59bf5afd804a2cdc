import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { minimatch } from 'minimatch'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { knownMigrations } from '../src/main/core/db/migrate'

/**
 * What the installers will hold, checked without building them (that needs the Electron download): the
 * electron-builder configuration, the icons it points at, and the bundled main process it packs.
 */
const config = parse(readFileSync('electron-builder.yml', 'utf8'))
const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const included = (path: string, patterns: string[]) => {
  const positive = patterns.filter((p) => !p.startsWith('!'))
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))
  return positive.some((p) => minimatch(path, p, { dot: true })) && !negative.some((p) => minimatch(path, p))
}

function pngSize(path: string): { width: number; height: number } {
  const header = readFileSync(path).subarray(0, 24)
  expect(header.subarray(1, 4).toString()).toBe('PNG')
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) }
}

describe('the packaging configuration', () => {
  it('names the app and builds AppImage + deb, dmg and nsis', () => {
    expect(config).toMatchObject({ appId: 'dev.jobmonitor.app', productName: 'Job Monitor' })
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toBe('dmg')
    expect(config.win.target).toBe('nsis')
  })

  it('packs the built app and its entry point, and no source maps', () => {
    expect(pkg.main).toBe('out/main/index.js')
    for (const file of [
      'out/main/index.js',
      'out/main/cli.js',
      'out/main/cv-worker.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'package.json',
    ]) {
      expect(included(file, config.files), file).toBe(true)
    }
    expect(included('out/main/index.js.map', config.files)).toBe(false)
    expect(included('src/main/index.ts', config.files)).toBe(false)
  })

  it('flips Electron’s fuses: no run-as-Node, no NODE_OPTIONS or --inspect, only its checked asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    })
    // A supported major: Electron keeps the latest three stable majors patched.
    expect(Number(/\d+/.exec(pkg.devDependencies.electron)![0])).toBeGreaterThanOrEqual(45)
  })

  it('ships only what the main process loads at run time as dependencies (the UI is bundled)', () => {
    for (const uiOnly of ['react', 'react-dom', 'recharts', 'dompurify', '@tanstack/react-virtual']) {
      expect(pkg.dependencies[uiOnly], uiOnly).toBeUndefined()
    }
  })

  it('unpacks the native SQLite module from the archive and rebuilds it for Electron', () => {
    expect(config.npmRebuild).toBe(true)
    expect(pkg.dependencies['better-sqlite3']).toBeDefined()
    expect(pkg.devDependencies.electron).toBeDefined() // electron-builder refuses electron as a dependency
    const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'
    expect(config.asarUnpack.some((p: string) => minimatch(binary, p, { dot: true }))).toBe(true)
  })

  it('ships icons in every size and tray icons for light and dark menus, made by us', () => {
    const resources = config.extraResources[0]
    expect(resources).toMatchObject({ from: 'resources', to: 'resources' })
    for (const path of [
      'icon.png',
      'icons/256x256.png',
      'tray/tray-light.png',
      'tray/tray-dark.png',
      'tray/trayTemplate.png',
      'demo/jobs.json',
      'demo/sample-cv.txt',
    ]) {
      expect(
        resources.filter.some((p: string) => minimatch(path, p)),
        path,
      ).toBe(true)
      expect(existsSync(join('resources', path)), path).toBe(true)
    }
    expect(pngSize('resources/icon.png')).toEqual({ width: 1024, height: 1024 })
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(`resources/icons/${size}x${size}.png`)).toEqual({ width: size, height: size })
    }
    expect(pngSize('resources/tray/trayTemplate.png')).toEqual({ width: 16, height: 16 })
    expect(pngSize('resources/tray/trayTemplate@2x.png')).toEqual({ width: 32, height: 32 })
    for (const theme of ['light', 'dark']) {
      expect(pngSize(`resources/tray/tray-${theme}@2x.png`)).toEqual({ width: 64, height: 64 })
    }
  })
})

/** The code the Electron entry loads: index.js and every chunk it imports, transitively. */
function reachableFrom(entry: string, seen = new Set<string>()): string {
  if (seen.has(entry)) return ''
  seen.add(entry)
  const code = readFileSync(entry, 'utf8')
  const imports = [...code.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g)].map((m) =>
    join(dirname(entry), m[1]!),
  )
  return [code, ...imports.map((file) => reachableFrom(file, seen))].join('\n')
}

describe('the bundled main process', () => {
  let main = ''
  beforeAll(() => {
    const newest = (dir: string): number =>
      Math.max(
        ...readdirSync(dir, { withFileTypes: true }).map((e) =>
          e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
        ),
      )
    const stale =
      !existsSync('out/main/index.js') ||
      statSync('out/main/index.js').mtimeMs < Math.max(newest('src'), newest('migrations'))
    if (stale)
      execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
        stdio: 'ignore',
      })
    main = reachableFrom('out/main/index.js')
  }, 120_000)

  it('carries every migration inside it: no migration file needs to be found on disk', () => {
    for (const name of knownMigrations()) expect(main, name).toContain(name)
    expect(main).not.toMatch(/FileMigrationProvider/)
  })

  it('loads better-sqlite3 from node_modules (unpacked), not from inside the bundle', () => {
    expect(main).toMatch(/from "better-sqlite3"|require\("better-sqlite3"\)/)
  })
})

describe('npm run package', () => {
  it('fails at once, in one line, where the Electron binary is missing and cannot be downloaded', () => {
    // No binary where ELECTRON_OVERRIDE_DIST_PATH points, and a mirror that refuses: the machines of this
    // project, whether or not a binary was downloaded into node_modules before.
    const cache = mkdtempSync(join(tmpdir(), 'jm-electron-cache-'))
    try {
      const result = spawnSync(process.execPath, ['scripts/package.mjs'], {
        env: {
          ...process.env,
          ELECTRON_OVERRIDE_DIST_PATH: cache,
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          electron_config_cache: cache,
        },
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(result.status).toBe(1)
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^job-monitor: cannot package: the Electron [\d.]+ binary could not be downloaded \(.+\)\. Run "npm run package" on a machine that can reach the Electron download\.$/,
      )
      expect(existsSync('dist')).toBe(false)
    } finally {
      rmSync(cache, { recursive: true, force: true })
    }
  })
})
