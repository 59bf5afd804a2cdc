import { expect, test } from '@playwright/test'

test('the app opens in the browser and shows where its data lives', async ({ page }, testInfo) => {
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(message.text())
  })

  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Job Monitor', level: 1 })).toBeVisible()
  const status = page.getByTestId('system-status')
  await expect(status).toContainText('SQLite (this computer)')
  await expect(status).toContainText(/up to date \(\d+ migrations\)/)
  await expect(status).toContainText('job-monitor.sqlite')

  await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true })
  await page.screenshot({ path: 'test-results/screenshots/home.png', fullPage: true })
  expect(failures).toEqual([])
})

test('the server answers an unknown method with a clear error, not the page', async ({ request }) => {
  const response = await request.post('/api/nothing/here')
  expect(response.status()).toBe(404)
  expect(await response.json()).toEqual({ error: { message: 'Unknown method nothing/here.' } })
})
