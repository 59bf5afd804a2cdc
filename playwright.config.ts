import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { defineConfig, type PlaywrightTestProject } from '@playwright/test'

/**
 * Browser tests: Debian's Chromium against the headless server, which serves the built renderer
 * (`npm run test:e2e` builds first). Each run gets a fresh data dir and a known access token.
 * The Electron spec runs as its own project when an Electron binary is present; otherwise it is left
 * out, and the reason printed, rather than counted as skipped.
 */
const port = Number(process.env.E2E_PORT ?? 47_831)
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'jm-e2e-'))
export const E2E_TOKEN = process.env.E2E_TOKEN ?? 'e2e-token-0123456789abcdef'

function electronBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url)
    const dir = dirname(require.resolve('electron/package.json'))
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim())
    return existsSync(binary) ? binary : undefined
  } catch {
    return undefined
  }
}

const electron = electronBinary()
const projects: PlaywrightTestProject[] = [{ name: 'chromium', testIgnore: /electron\.spec\.ts/ }]
if (electron) {
  projects.push({ name: 'electron', testMatch: /electron\.spec\.ts/, use: { baseURL: undefined } })
} else if (!process.env.E2E_QUIET) {
  console.log(
    'Electron spec not run: no Electron binary here (npm install skips its download; `npm start` fetches it).',
  )
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 30_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  projects,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node out/main/cli.js serve --port ${port} --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      JOB_MONITOR_DATA_DIR: dataDir,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      JOB_MONITOR_SERVER_TOKEN: E2E_TOKEN,
    },
  },
})
