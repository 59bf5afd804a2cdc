import { expect, test } from '@playwright/test'
import { FRESH_TITLE, HOSTILE_TITLE, SCRIPT_LINK_TITLE, UNDATED_TITLE } from '../test/helpers/feed-seed'
import { link } from './support/servers'
import { dropFile, watchErrors } from './support/ui'

/** The feed server: one person, 10,000 jobs, one of them with a hostile description. */
test('10,000 jobs scroll as a virtual list and filter on the server', async ({ page }) => {
  const failures = watchErrors(page)
  await page.goto(await link('feed'))
  const rows = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
  await expect(rows.first()).toBeVisible()
  // Only the visible rows are in the page, however many jobs there are.
  expect(await rows.count()).toBeLessThan(60)
  const scroller = page.locator('.feed-scroll')
  for (let i = 0; i < 12; i++) {
    await scroller.evaluate((el) => el.scrollBy(0, el.scrollHeight))
    await page.waitForTimeout(60)
  }
  await expect(page.getByText(/^[\d,]{5,}\+? jobs/)).toBeVisible()
  expect(await rows.count()).toBeLessThan(60)

  await page.getByLabel('Title contains').fill('Data Engineer')
  await expect(rows.first()).toContainText('Data Engineer')
  // The list re-renders as the filtered page arrives: wait until every row is one of its jobs.
  await expect
    .poll(async () => (await rows.allInnerTexts()).every((text) => text.includes('Data Engineer')))
    .toBe(true)
  await page.getByLabel('Search jobs').fill('#4')
  await expect(rows.first()).toContainText('#4')
  await page.getByLabel('Search jobs').fill('no such job anywhere')
  await expect(page.getByText('No job matches these filters.')).toBeVisible()
  expect(failures).toEqual([])
})

test('the o shortcut opens only web links, as the Apply button does', async ({ page, context }) => {
  await page.goto(await link('feed'))
  await page.getByLabel('Search jobs').fill('script apply link')
  const option = page
    .getByRole('listbox', { name: 'Job list' })
    .getByRole('option')
    .filter({ hasText: SCRIPT_LINK_TITLE })
  await option.click()
  await expect(page.getByTestId('description')).toContainText('Apply below.')
  await expect(page.getByRole('link', { name: /Apply/ })).toHaveCount(0)
  const popups: string[] = []
  context.on('page', (p) => popups.push(p.url()))
  await option.press('o')
  await page.waitForTimeout(300)
  expect(popups).toEqual([])
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined()
})

test('a hostile description renders inert: no script, no handlers, no javascript: links, no remote images', async ({
  page,
}) => {
  const outside: string[] = []
  page.on('request', (request) => {
    if (!request.url().startsWith('http://127.0.0.1')) outside.push(request.url())
  })
  await page.goto(await link('feed'))
  await page.getByLabel('Search jobs').fill('hostile')
  await page
    .getByRole('listbox', { name: 'Job list' })
    .getByRole('option')
    .filter({ hasText: HOSTILE_TITLE })
    .click()
  const description = page.getByTestId('description')
  await expect(description).toContainText('We build safe software.')
  await expect(description).toContainText('Benefits: remote days')
  expect(await description.locator('script, img, iframe, style, [onerror], [onclick], [style]').count()).toBe(
    0,
  )
  await expect(description.getByText('Click me')).not.toHaveAttribute('href', /.*/)
  await description.getByText('Click me').click()
  await description.getByText('Benefits: remote days').click()
  await expect(description.getByRole('link', { name: 'Read more' })).toHaveAttribute('rel', /noopener/)
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined()
  expect(outside).toEqual([])
})

test('a job without a posting date says so, and its type is shown in one vocabulary with the words it came with', async ({
  page,
}) => {
  const failures = watchErrors(page)
  await page.goto(await link('feed'))
  // Newest first, it does not sit above the jobs posted since: it sorts at the start of the window it was
  // found in (the daily load's last 24 hours), not at the moment it was first seen.
  const options = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
  await expect(options.first()).toBeVisible()
  const top = await options.evaluateAll((rows) => rows.slice(0, 10).map((r) => r.textContent ?? ''))
  const at = (title: string) => top.findIndex((text) => text.includes(title))
  expect(at(FRESH_TITLE)).toBeGreaterThanOrEqual(0)
  expect(at(UNDATED_TITLE)).toBeGreaterThan(at(FRESH_TITLE))
  await page.getByLabel('Search jobs').fill('undated platform')
  const row = page
    .getByRole('listbox', { name: 'Job list' })
    .getByRole('option')
    .filter({ hasText: UNDATED_TITLE })
  await expect(row).toContainText(/posted: unknown · first seen (just now|\d+ min ago|\d+ h ago)/)
  await row.click()
  await expect(page.getByText('unknown — the source gives no date')).toBeVisible()
  await expect(page.getByText('Part-time (posted as “Teilzeit”)')).toBeVisible()
  expect(failures).toEqual([])
})

test('a file that is not a CV, dropped anywhere on the window, gets a plain-words error', async ({
  page,
}) => {
  await page.goto(await link('feed'))
  await expect(page.getByRole('listbox', { name: 'Job list' }).getByRole('option').first()).toBeVisible()
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])
  await dropFile(page, 'body', { name: 'holiday.png', type: 'image/png', bytes: png })
  const dialog = page.getByRole('dialog', { name: 'Import your CV' })
  await expect(dialog.getByRole('alert')).toHaveText(
    'holiday.png is an image (PNG), not a text CV: export your CV as a PDF with text, or paste it as text.',
  )
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toHaveCount(0)
})
