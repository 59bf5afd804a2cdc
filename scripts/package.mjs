#!/usr/bin/env node
// `npm run package`: installers for this platform. Needs the Electron binary, so it checks for it first.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ensureElectronBinary, root } from './electron-env.mjs'

const electron = ensureElectronBinary()
if (electron.error) {
  console.error(
    `job-monitor: cannot package: ${electron.error}. Run "npm run package" on a machine that can reach the Electron download.`,
  )
  process.exit(1)
}
for (const [tool, args] of [
  ['electron-vite', ['build']],
  ['electron-builder', ['--publish', 'never']],
]) {
  const result = spawnSync(join(root, 'node_modules/.bin', tool), args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
