import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import { httpReceiver } from '../test/helpers/alert-receivers'
import {
  BEST_FIT_COMPANY,
  BEST_FIT_TITLE,
  CLOSED_SAVED_TITLE,
  CLOSED_TITLE,
  FRESH_TITLE,
  HOSTILE_TITLE,
  SCRIPT_LINK_TITLE,
  UNDATED_TITLE,
} from '../test/helpers/feed-seed'
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

test('best fit first: each job has a score bar with its reasons; pay, watched companies and one company filter', async ({
  page,
}) => {
  const failures = watchErrors(page)
  await page.goto(await link('feed'))
  const list = page.getByRole('listbox', { name: 'Job list' })
  const rows = list.getByRole('option')
  await expect(rows.first()).toBeVisible()
  await page.getByLabel('Sort').selectOption('fit')
  // Scores fall (or stay) down the list.
  const fits = async () =>
    Promise.all(
      (await list.getByRole('img', { name: /^Fit \d+ of 100/ }).all())
        .slice(0, 8)
        .map(async (bar) => Number(/Fit (\d+)/.exec((await bar.getAttribute('aria-label')) ?? '')![1])),
    )
  await expect.poll(async () => (await fits()).length).toBeGreaterThan(3)
  const scores = await fits()
  expect([...scores].sort((a, b) => b - a)).toEqual(scores)

  // The best-fitting job says why, in the row and in the detail pane.
  await page.getByLabel('Search jobs').fill('"best fit"')
  const best = rows.filter({ hasText: BEST_FIT_TITLE })
  await expect(best).toContainText('Python, Spark, Airflow · your title · hybrid in Berlin')
  await best.click()
  const detail = page.getByRole('complementary', { name: 'Job details' })
  await expect(detail.getByRole('region', { name: 'Fit' })).toContainText(
    /Fit \d+ of 100 — Python, Spark, Airflow/,
  )

  // A minimum pay: a wrong one is said beside the field; a year's pay filters, jobs without one stay unless asked.
  const pay = page.getByLabel('Minimum pay')
  await pay.fill('lots')
  await expect(page.getByRole('alert').filter({ hasText: 'is not a salary' })).toBeVisible()
  await pay.fill('95k EUR')
  await expect(best).toBeVisible()
  await page.getByLabel('Leave out jobs without a salary').check()
  await expect(best).toBeVisible()
  // 70 an hour is 123,200 a year (1,760 hours): above the job's 100–120k.
  await pay.fill('70 EUR/hour')
  await expect(page.getByText('No job matches these filters.')).toBeVisible()
  await pay.fill('')
  await expect(best).toBeVisible()

  // Watching the company: a badge on its jobs, its own filter; then off again.
  await best.click()
  await detail.getByRole('button', { name: `Watch ${BEST_FIT_COMPANY}` }).click()
  await expect(detail.getByRole('button', { name: `Watching ${BEST_FIT_COMPANY}` })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(best.getByText('Watched', { exact: true })).toBeVisible()
  await page.getByLabel('Search jobs').fill('')
  await page.getByLabel('Watched companies').check()
  await expect
    .poll(async () => (await rows.allInnerTexts()).every((t) => t.includes(BEST_FIT_COMPANY)))
    .toBe(true)
  await rows.first().click()
  await detail.getByRole('button', { name: `Watching ${BEST_FIT_COMPANY}` }).click()
  await expect(page.getByText('No job matches these filters.')).toBeVisible()
  await page.getByLabel('Watched companies').uncheck()

  // One company's jobs, from a job's detail; the chip above the list takes the filter away again.
  await rows.filter({ hasText: BEST_FIT_COMPANY }).first().click()
  await detail.getByRole('button', { name: `Jobs at ${BEST_FIT_COMPANY}` }).click()
  await expect(page.getByText(`Only ${BEST_FIT_COMPANY}`)).toBeVisible()
  await expect
    .poll(async () => (await rows.allInnerTexts()).every((t) => t.includes(BEST_FIT_COMPANY)))
    .toBe(true)
  await page.getByRole('button', { name: `Show every company, not only ${BEST_FIT_COMPANY}` }).click()
  await expect(page.getByText(`Only ${BEST_FIT_COMPANY}`)).toHaveCount(0)
  await expect
    .poll(async () => (await rows.allInnerTexts()).some((t) => !t.includes(BEST_FIT_COMPANY)))
    .toBe(true)
  expect(failures).toEqual([])
})

test('Settings: the fit threshold for notifications and the currency rates, checked beside the fields', async ({
  page,
}) => {
  await page.goto(await link('feed'))
  await page.getByRole('link', { name: 'Settings' }).click()
  const section = page.getByRole('region', { name: 'Fit and salary' })
  const threshold = section.getByLabel('Notify about jobs that fit at least')
  await threshold.fill('101')
  await threshold.blur()
  await expect(section.getByText('Use a number from 0 to 100.')).toBeVisible()
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByText('Not saved: fix the marked field first.')).toBeVisible()
  await threshold.fill('70')
  const rates = section.getByLabel(/Currency rates/)
  await rates.fill('EUR=1, USD=lots')
  await expect(section.getByText(/“USD=lots” is not a rate/)).toBeVisible()
  await rates.fill('EUR=1, USD=0.92')
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByText('Saved.')).toBeVisible()
  await page.reload()
  await expect(page.getByRole('region', { name: 'Fit and salary' }).getByLabel(/Currency rates/)).toHaveValue(
    'EUR=1, USD=0.92',
  )
  // The second opinion needs a Claude key, which this server has not: it cannot be turned on, and says why.
  const fit = page.getByRole('region', { name: 'Fit and salary' })
  await expect(fit.getByLabel('Ask Claude about the best new jobs of each day')).toBeDisabled()
  await expect(
    fit.getByText('Needs a Claude key (Keys, above). Off, nothing is sent to Claude.'),
  ).toBeVisible()
  // The watchlist lives beside it.
  await expect(page.getByRole('region', { name: 'Watched companies' })).toBeVisible()
  await threshold.fill('0')
  await page.getByRole('region', { name: 'Fit and salary' }).getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('region', { name: 'Fit and salary' }).getByText('Saved.')).toBeVisible()
  // The Quota screen counts the opinions like the other sources.
  await page.getByRole('link', { name: 'Quota' }).click()
  await expect(page.getByRole('region', { name: 'Claude’s second opinions' })).toContainText(
    'Off (Settings → Fit and salary). This month: 0 opinions, 0 tokens',
  )
})

test('Settings → Alerts: fields checked beside them, saved, and Send a test reaches the receiver', async ({
  page,
}) => {
  const receiver = await httpReceiver()
  try {
    await page.goto(await link('feed'))
    await page.getByRole('link', { name: 'Settings' }).click()
    const alerts = page.getByRole('region', { name: 'Alerts' })
    const webhook = alerts.getByLabel('Webhook URL')
    await webhook.fill('hooks.example.org/jobs')
    await expect(
      alerts.getByText('Use an http(s) URL, such as https://example.org/hooks/jobs.'),
    ).toBeVisible()
    await alerts.getByRole('button', { name: 'Save' }).click()
    await expect(alerts.getByText('Not saved: fix the marked field first.')).toBeVisible()
    await webhook.fill(receiver.url('/hook'))
    await alerts.getByLabel('From').fill('22:00')
    await expect(alerts.getByText('Give quiet hours both a start and an end, or neither.')).toBeVisible()
    await alerts.getByLabel('to', { exact: true }).fill('07:00')
    await alerts.getByLabel('Alert about jobs that fit at least').fill('40')
    // A headless server has no key store: its mail server comes from the environment.
    await expect(
      alerts.getByText('This machine cannot keep a password encrypted: set JOB_MONITOR_SMTP_URL instead.'),
    ).toBeVisible()
    await alerts.getByRole('button', { name: 'Save' }).click()
    await expect(alerts.getByText('Saved.')).toBeVisible()

    await alerts.getByRole('button', { name: 'Send a test' }).click()
    const results = alerts.getByRole('list', { name: 'Test alerts' })
    await expect(results).toContainText(
      `Sent a test alert to 127.0.0.1:${new URL(receiver.url()).port}/hook.`,
    )
    expect(receiver.received).toHaveLength(1)
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ kind: 'test' })

    await page.reload()
    const again = page.getByRole('region', { name: 'Alerts' })
    await expect(again.getByLabel('Webhook URL')).toHaveValue(receiver.url('/hook'))
    await expect(again.getByLabel('From')).toHaveValue('22:00')
    await expect(again.getByLabel('Alert about jobs that fit at least')).toHaveValue('40')
    // Cleared again, so no later load of this server alerts the receiver.
    await again.getByLabel('Webhook URL').fill('')
    await again.getByRole('button', { name: 'Save' }).click()
    await expect(again.getByText('Saved.')).toBeVisible()
  } finally {
    await receiver.close()
  }
})

test('Export CSV saves the feed as it is filtered, and it reads back', async ({ page }) => {
  await page.goto(await link('feed'))
  await page.getByLabel('Search jobs').fill(BEST_FIT_TITLE)
  const rows = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
  await expect(rows.first()).toContainText(BEST_FIT_TITLE)
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'CSV' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^job-monitor-\d{4}-\d\d-\d\d\.csv$/)
  const text = await readFile((await file.path())!, 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const records = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>
  expect(records.length).toBe(await rows.count())
  expect(records[0]!.title).toBe(BEST_FIT_TITLE)
  await expect(page.getByRole('status').filter({ hasText: /Exported \d+ jobs?\./ })).toBeVisible()
})

test('Applications: mark a job applied, move it on with a day and a note, export the record, and undo', async ({
  page,
}) => {
  await page.goto(await link('feed'))
  await page.getByLabel('Search jobs').fill(SCRIPT_LINK_TITLE)
  const rows = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
  await rows.filter({ hasText: SCRIPT_LINK_TITLE }).first().click()
  const detail = page.getByRole('complementary', { name: 'Job details' })
  await detail.getByRole('button', { name: 'Mark applied' }).click()
  await expect(detail.getByLabel('Application')).toHaveValue('applied')
  await expect(rows.filter({ hasText: SCRIPT_LINK_TITLE }).first()).toContainText('Applied')

  await page.getByRole('link', { name: 'Applications' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Applications' })).toBeVisible()
  const card = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: SCRIPT_LINK_TITLE }) })
  await expect(
    card.getByRole('list', { name: `Steps of ${SCRIPT_LINK_TITLE}` }).getByRole('listitem'),
  ).toHaveCount(1)

  // Escape leaves the form without a change.
  await card.getByRole('button', { name: `Update ${SCRIPT_LINK_TITLE}` }).click()
  const form = card.getByRole('form', { name: `Update ${SCRIPT_LINK_TITLE}` })
  await form.getByLabel('State').press('Escape')
  await expect(form).toBeHidden()

  await card.getByRole('button', { name: `Update ${SCRIPT_LINK_TITLE}` }).click()
  await form.getByLabel('State').selectOption('interviewing')
  await form.getByLabel(/Day it became interviewing/).fill('2026-12-01')
  await form.getByLabel('Note').fill('Second round on Friday, with the team lead.')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form).toBeHidden()
  await expect(card.getByText('Interviewing', { exact: true })).toBeVisible()
  const steps = card.getByRole('list', { name: `Steps of ${SCRIPT_LINK_TITLE}` }).getByRole('listitem')
  await expect(steps).toHaveCount(2)
  // In the order of their days: the interview step carries the day given, not today.
  await expect(steps.filter({ hasText: 'Interviewing' }).locator('time')).toHaveAttribute(
    'datetime',
    '2026-12-01',
  )
  await expect(card.getByText('Second round on Friday, with the team lead.')).toBeVisible()

  // One state only: none has an offer.
  await page.getByLabel('Show').selectOption('offer')
  await expect(page.getByText('No application is at “Offer” now.')).toBeVisible()
  await page.getByLabel('Show').selectOption('all')

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'CSV' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^job-monitor-applications-\d{4}-\d\d-\d\d\.csv$/)
  const records = parse(await readFile((await file.path())!, 'utf8'), { bom: true, columns: true }) as Array<
    Record<string, string>
  >
  expect(records).toEqual([
    expect.objectContaining({
      title: SCRIPT_LINK_TITLE,
      state: 'interviewing',
      interviewing_on: '2026-12-01',
      note: 'Second round on Friday, with the team lead.',
    }),
  ])

  // Back in the feed, the detail pane shows the step; "Not applied" takes the application back.
  await page.getByRole('link', { name: 'Jobs' }).click()
  await page.getByLabel('Search jobs').fill(SCRIPT_LINK_TITLE)
  await rows.filter({ hasText: SCRIPT_LINK_TITLE }).first().click()
  await expect(detail.getByLabel('Application')).toHaveValue('interviewing')
  await detail.getByLabel('Application').selectOption('none')
  await expect(detail.getByRole('button', { name: 'Mark applied' })).toBeVisible()
  await page.getByRole('link', { name: 'Applications' }).click()
  await expect(page.getByText(/No applications yet/)).toBeVisible()
})

test('closed jobs leave the feed, a saved one stays with its badge, and "Closed jobs too" brings them back', async ({
  page,
}) => {
  await page.goto(await link('feed'))
  const rows = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
  await page.getByLabel('Search jobs').fill('"listed expired"')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(CLOSED_SAVED_TITLE)
  await expect(rows.first().getByText('Closed', { exact: true })).toBeVisible()
  await rows.first().click()
  await expect(page.getByRole('complementary', { name: 'Job details' })).toContainText(
    /Active Jobs DB listed it expired/,
  )
  await page.getByLabel('Closed jobs too').check()
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: CLOSED_TITLE })).toHaveCount(1)
  await page.getByLabel('Closed jobs too').uncheck()
  await expect(rows).toHaveCount(1)
})

test('Settings → Private feed: an address a feed reader can read, shown once, revoked with one click', async ({
  page,
}) => {
  await page.goto(await link('feed'))
  await page.getByRole('link', { name: 'Settings' }).click()
  const section = page.getByRole('region', { name: 'Private feed' })
  await expect(section.getByText('No address: nothing can read your feed.')).toBeVisible()
  await section.getByRole('button', { name: 'Make an address' }).click()
  const address = section.getByLabel(/Your feed address/)
  await expect(address).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/feeds\/[\w-]{43}\.atom$/)
  const url = await address.inputValue()
  // A feed reader has no session: only the address.
  const feed = await fetch(url)
  expect(feed.status).toBe(200)
  expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
  const xml = await feed.text()
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">')
  expect(xml.match(/<entry>/g)).toHaveLength(50)
  // Read by the reader: the section says when, and never shows the address again.
  await page.reload()
  const again = page.getByRole('region', { name: 'Private feed' })
  await expect(again.getByText(/An address is active, made .*; last read/)).toBeVisible()
  await expect(again.getByLabel(/Your feed address/)).toHaveCount(0)
  await again.getByRole('button', { name: 'Revoke' }).click()
  await expect(again.getByText('Revoked: the address no longer works.')).toBeVisible()
  await expect(again.getByText('No address: nothing can read your feed.')).toBeVisible()
  expect((await fetch(url)).status).toBe(404)
})

test('Settings: the days after which an unseen job is probably closed, checked beside the field and kept', async ({
  page,
}) => {
  await page.goto(await link('feed'))
  await page.getByRole('link', { name: 'Settings' }).click()
  const section = page.getByRole('region', { name: 'Fit and salary' })
  const days = section.getByLabel('Probably closed after this many days unseen')
  await expect(days).toHaveValue('30')
  await days.fill('400')
  await days.blur()
  await expect(section.getByText('Use a number from 0 to 365.')).toBeVisible()
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByText('Not saved: fix the marked field first.')).toBeVisible()
  await days.fill('0')
  await section.getByRole('button', { name: 'Save' }).click()
  await expect(section.getByText('Saved.')).toBeVisible()
  await page.reload()
  const again = page.getByRole('region', { name: 'Fit and salary' })
  await expect(again.getByLabel('Probably closed after this many days unseen')).toHaveValue('0')
  await again.getByLabel('Probably closed after this many days unseen').fill('30')
  await again.getByRole('button', { name: 'Save' }).click()
  await expect(again.getByText('Saved.')).toBeVisible()
})
