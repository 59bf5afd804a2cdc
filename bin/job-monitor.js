#!/usr/bin/env node
// The installed `job-monitor` command: the CLI bundled into out/ by `npm run build`.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(fileURLToPath(cli))) {
  console.error(
    'job-monitor: the app is not built yet: run "npm run build" first (or use "npm run cli -- …").',
  )
  process.exit(1)
}
await import(cli.href)
