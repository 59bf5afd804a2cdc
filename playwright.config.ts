import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { defineConfig, type PlaywrightTestProject } from '@playwright/test'
import { CLAUDE_ENV, DIRS, FAKES_ENV, PORTS, TOKEN } from './e2e/support/servers'

/**
 * Browser tests: Debian's Chromium against headless servers that serve the built renderer
 * (`npm run test:e2e` builds first), with the fake APIs; see e2e/support/servers.ts for who runs where.
 * The Electron spec runs as its own project when an Electron binary is present; otherwise it is left
 * out, and the reason printed, rather than counted as skipped.
 */
export const E2E_TOKEN = TOKEN

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
    baseURL: `http://127.0.0.1:${PORTS.fresh}`,
    viewport: { width: 1280, height: 860 },
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
  webServer: [
    {
      command: 'npx tsx test/fakes/cli.ts',
      url: `http://127.0.0.1:${PORTS.fakes}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { FAKES_PORT_BASE: String(PORTS.fakes), FAKES_BURST_PER_SECOND: '50' },
    },
    server('fresh', { DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' }),
    server('alice', { ...FAKES_ENV, DATABASE_URL: `sqlite:${DIRS.shared}` }),
    server('bob', { ...FAKES_ENV, DATABASE_URL: `sqlite:${DIRS.shared}` }, ' --no-schedule'),
    server('claude', { ...CLAUDE_ENV, DATABASE_URL: '' }, ' --no-schedule'),
    {
      ...server('demo', { DATABASE_URL: '' }),
      command: `node out/main/cli.js --demo serve --port ${PORTS.demo} --host 127.0.0.1`,
    },
    {
      ...server('feed', { DATABASE_URL: '' }, ' --no-schedule'),
      command: `npx tsx e2e/support/seed-feed.ts 10000 && node out/main/cli.js serve --port ${PORTS.feed} --host 127.0.0.1 --no-schedule`,
    },
  ],
})

function server(name: 'fresh' | 'alice' | 'bob' | 'feed' | 'demo' | 'claude', env: Record<string, string>, flags = '') {
  return {
    command: `node out/main/cli.js serve --port ${PORTS[name]} --host 127.0.0.1${flags}`,
    url: `http://127.0.0.1:${PORTS[name]}/`,
    reuseExistingServer: false,
    timeout: 90_000,
    env: { JOB_MONITOR_DATA_DIR: DIRS[name], JOB_MONITOR_SERVER_TOKEN: TOKEN, ...env },
  }
}
