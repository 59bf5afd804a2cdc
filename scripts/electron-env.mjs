// Shared by `npm start` and `npm run package`: is the Electron binary here, and can we get it?
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = dirname(dirname(fileURLToPath(import.meta.url)))
const require = createRequire(join(root, 'package.json'))

export function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
}

const EXECUTABLE = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }

/**
 * The path of the Electron binary, or undefined when it was not downloaded. ELECTRON_OVERRIDE_DIST_PATH
 * (Electron's own variable for a binary kept elsewhere) is honoured, as the electron package does.
 */
export function electronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const binary = join(override, EXECUTABLE[process.platform] ?? 'electron')
    return existsSync(binary) ? binary : undefined
  }
  const dir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : undefined
}

/**
 * Downloads the Electron binary now. `npm install` skips that download (package.json's allowScripts
 * denies electron's install script) so that installing works on machines that cannot reach it.
 */
export function ensureElectronBinary() {
  const existing = electronBinary()
  if (existing) return { binary: existing }
  const installer = join(dirname(require.resolve('electron/package.json')), 'install.js')
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  console.log(`Downloading Electron ${electronVersion()} (once)…`)
  const result = spawnSync(process.execPath, [installer], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: 600_000,
  })
  const binary = electronBinary()
  if (result.status === 0 && binary) return { binary }
  const lines = (result.stderr?.toString() ?? '').split('\n').map((l) => l.trim())
  const detail = lines.find((l) => l && !l.startsWith('at ')) ?? 'no answer'
  return { error: `the Electron ${electronVersion()} binary could not be downloaded (${detail})` }
}
