import { expect, test } from '@playwright/test'
import { link, TOKEN, url } from './support/servers'
import { shoot, watchErrors } from './support/ui'

test('the printed link opens the first-run screen: sources, storage, CV', async ({ page }) => {
  const failures = watchErrors(page)
  await page.goto(await link('fresh'))
  await expect(page).toHaveURL(/\/$/) // the token moved into a cookie, out of the address bar
  await expect(page.getByRole('heading', { name: 'Job Monitor', level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: /Job sources/ })).toBeVisible()
  // No keys on this server, and no way to store them here: it says what to set instead.
  await expect(page.getByText(/This server cannot store keys encrypted: set JSEARCH_API_KEY/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Test key' }).first()).toBeDisabled()
  await expect(page.getByText(/Now: .*job-monitor\.sqlite/)).toBeVisible()
  // A file cannot be chosen before the email is there.
  await expect(page.getByRole('button', { name: 'Choose a file…' })).toBeDisabled()
  await page.getByLabel('Your email').fill('someone@example.com')
  await expect(page.getByRole('button', { name: 'Choose a file…' })).toBeEnabled()
  await shoot(page, 'onboarding', { fullPage: true })
  // The headless server cannot restart itself into the demo: it says how.
  await page.getByRole('button', { name: 'Try with demo data' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Start the server again with --demo' }),
  ).toBeVisible()
  expect(failures).toEqual([])
})

test('without the token, neither the page nor the API answers', async ({ page, request }) => {
  const response = await page.goto(url('fresh'))
  expect(response?.status()).toBe(401)
  await expect(page.getByText('open the link that `job-monitor serve` printed')).toBeVisible()
  const api = await request.post(url('fresh', '/api/system/get-status'), { data: null })
  expect(api.status()).toBe(401)
})

test('the server answers an unknown method with a clear JSON error, not the page', async ({ request }) => {
  const response = await request.post(url('fresh', '/api/nothing/here'), {
    data: null,
    headers: { authorization: `Bearer ${TOKEN}` },
  })
  expect(response.status()).toBe(404)
  expect(await response.json()).toEqual({
    error: { message: 'Unknown method "nothing/here".', code: 'contract.unknown-method' },
  })
})

test('events reach the page as server-sent events on the cookie the link set', async ({ page }) => {
  await page.goto(await link('fresh'))
  const event = await page.evaluate(async () => {
    return new Promise<unknown>((resolve, reject) => {
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
  })
  expect(event).toMatchObject({ paused: true, nextRunAt: null, time: '06:00', timezone: 'Europe/Berlin' })
  await page.request.post(url('fresh', '/api/schedule/resume'), {
    data: null,
    headers: { authorization: `Bearer ${TOKEN}` },
  })
})
