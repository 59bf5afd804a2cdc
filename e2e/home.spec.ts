import { expect, test } from '@playwright/test'
import { E2E_TOKEN } from '../playwright.config'

test('the printed link opens the app, which shows where its data lives', async ({ page }, testInfo) => {
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(message.text())
  })

  await page.goto(`/?token=${E2E_TOKEN}`)
  await expect(page).toHaveURL(/\/$/) // the token moved into a cookie, out of the address bar
  await expect(page.getByRole('heading', { name: 'Job Monitor', level: 1 })).toBeVisible()
  const status = page.getByTestId('system-status')
  await expect(status).toContainText('SQLite (this computer)')
  await expect(status).toContainText(/up to date \(\d+ migrations\)/)
  await expect(status).toContainText('job-monitor.sqlite')

  await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true })
  await page.screenshot({ path: 'test-results/screenshots/home.png', fullPage: true })
  expect(failures).toEqual([])
})

test('without the token, neither the page nor the API answers', async ({ page, request }) => {
  const response = await page.goto('/')
  expect(response?.status()).toBe(401)
  await expect(page.getByText('open the link that `job-monitor serve` printed')).toBeVisible()
  const api = await request.post('/api/system/get-status', { data: null })
  expect(api.status()).toBe(401)
})

test('the server answers an unknown method with a clear JSON error, not the page', async ({ request }) => {
  const response = await request.post('/api/nothing/here', {
    data: null,
    headers: { authorization: `Bearer ${E2E_TOKEN}` },
  })
  expect(response.status()).toBe(404)
  expect(await response.json()).toEqual({
    error: { message: 'Unknown method "nothing/here".', code: 'contract.unknown-method' },
  })
})

test('events reach the page over server-sent events through the same client the UI uses', async ({
  page,
}) => {
  await page.goto(`/?token=${E2E_TOKEN}`)
  const event = await page.evaluate(async () => {
    const received = new Promise<unknown>((resolve, reject) => {
      const source = new EventSource('/api/events')
      source.addEventListener('schedule/changed', (e) => {
        source.close()
        resolve(JSON.parse((e as MessageEvent<string>).data))
      })
      source.onerror = () => reject(new Error('event stream failed'))
      source.onopen = () => {
        void fetch('/api/schedule/pause', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        })
      }
    })
    return received
  })
  expect(event).toMatchObject({ paused: true, nextRunAt: null, time: '06:00', timezone: 'Europe/Berlin' })
  await page.request.post('/api/schedule/resume', {
    data: null,
    headers: { authorization: `Bearer ${E2E_TOKEN}` },
  })
})
