import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

/**
 * The real desktop app: runs only where an Electron binary exists (playwright.config.ts leaves this
 * project out otherwise and says why). Opens the app on the demo data set, walks the main path through
 * the window — feed, plan, a daily load run by hand, quota — and checks that the page's only bridge is
 * the contract.
 */
test('the desktop app walks the main path over IPC, with nothing but the contract exposed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jm-electron-'))
  const app = await electron.launch({
    args: ['out/main/index.js', '--demo'],
    env: { ...process.env, JOB_MONITOR_DATA_DIR: dataDir, DATABASE_URL: '' },
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('note').filter({ hasText: 'Demo data' })).toBeVisible()
    await expect(window.getByTestId('system-status')).toContainText('SQLite (this computer)')

    const bridge = await window.evaluate(() => ({
      keys: Object.keys((window as unknown as { jobMonitor: object }).jobMonitor).sort(),
      node: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }))
    expect(bridge).toEqual({ keys: ['invoke', 'on', 'pathForFile'], node: 'undefined', process: 'undefined' })
    const status = await window.evaluate(() =>
      (window as unknown as { jobMonitor: { invoke(n: string): Promise<unknown> } }).jobMonitor.invoke(
        'system/get-status',
      ),
    )
    expect(status).toMatchObject({ ok: true, result: { mode: 'desktop', demo: true } })
    const refused = await window.evaluate(() =>
      (window as unknown as { jobMonitor: { invoke(n: string): Promise<unknown> } }).jobMonitor
        .invoke('fs/read-file')
        .catch((e: Error) => e.message),
    )
    expect(refused).toBe('Unknown method fs/read-file.')

    // Served from the app's own scheme, with no permission but notifications.
    expect(window.url()).toMatch(/^app:\/\/renderer\/index\.html/)
    const camera = await window.evaluate(
      () =>
        navigator.mediaDevices
          ?.getUserMedia({ video: true })
          .then(() => 'granted')
          .catch((e: Error) => e.name) ?? 'no mediaDevices',
    )
    expect(camera).not.toBe('granted')
    // A CV is read in the sandbox's worker thread inside Electron's main process too.
    const read = await window.evaluate(() =>
      (
        window as unknown as { jobMonitor: { invoke(n: string, i: unknown): Promise<unknown> } }
      ).jobMonitor.invoke('cv/read', {
        fileName: 'cv.txt',
        dataBase64: btoa('Data Engineer\nBerlin, Germany\nPython, SQL, Spark and Airflow for five years.'),
      }),
    )
    expect(read).toMatchObject({ ok: true, result: { fileType: 'text' } })

    const rows = window.getByRole('listbox', { name: 'Job list' }).getByRole('option')
    await expect(rows.first()).toBeVisible()
    await window.getByRole('link', { name: 'Search plan' }).click()
    await expect(window.getByRole('table', { name: 'Search plan' })).toBeVisible()
    await window.getByRole('link', { name: 'Runs' }).click()
    await window.getByRole('button', { name: 'Run daily load now' }).click()
    await expect(window.getByText(/^\d+ new of \d+ jobs loaded\.$/)).toBeVisible({ timeout: 30_000 })
    await window.getByRole('link', { name: 'Quota' }).click()
    await expect(window.getByRole('region', { name: 'JSearch quota' })).toBeVisible()
    await window.screenshot({ path: 'test-results/screenshots/desktop-quota.png' })
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
