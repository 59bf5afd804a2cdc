import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

/**
 * The real desktop app: runs only where an Electron binary exists (playwright.config.ts leaves this
 * project out otherwise and says why). Walks the main path through the window and checks the bridge
 * exposes the contract and nothing else.
 */
test('the desktop window opens on the app and talks to it over IPC only', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jm-electron-'))
  const app = await electron.launch({
    args: ['out/main/index.js'],
    env: { ...process.env, JOB_MONITOR_DATA_DIR: dataDir, DATABASE_URL: '' },
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('heading', { name: 'Job Monitor', level: 1 })).toBeVisible()
    await expect(window.getByTestId('system-status')).toContainText('SQLite (this computer)')
    const bridge = await window.evaluate(() => ({
      keys: Object.keys((window as unknown as { jobMonitor: object }).jobMonitor).sort(),
      node: typeof (window as unknown as { require?: unknown }).require,
    }))
    expect(bridge).toEqual({ keys: ['invoke', 'on', 'pathForFile'], node: 'undefined' })
    const status = await window.evaluate(() =>
      (window as unknown as { jobMonitor: { invoke(n: string): Promise<unknown> } }).jobMonitor.invoke(
        'system/get-status',
      ),
    )
    expect(status).toMatchObject({ ok: true, result: { mode: 'desktop' } })
    await window.screenshot({ path: 'test-results/screenshots/desktop-home.png' })
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
