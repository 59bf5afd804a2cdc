import { readFileSync } from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { link } from './support/servers'
import { dropFile, shoot } from './support/ui'

/**
 * The app as a careful person uses it: no dialog that comes back, dialogs that behave, settings that cannot
 * brick the app, fields that let people type, errors in plain words. Runs last on the fresh server: it
 * finishes its first run.
 */
const cv = readFileSync('test/fixtures/cvs/en-data-scientist.txt')

async function openSettings(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByRole('heading', { name: 'Plan limits' })).toBeVisible()
}

test('a CV dropped during first run is imported once: no second import dialog over the plan', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(await link('fresh'))
  // The CV comes first, in view on a laptop's first screen.
  await expect(page.getByRole('heading', { name: /Your CV/ })).toBeInViewport()
  await page.getByLabel('Your email').fill('careful@example.com')
  await dropFile(page, 'body', { name: 'cv.txt', type: 'text/plain', bytes: new Uint8Array(cv) })
  const review = page.getByRole('form', { name: 'Review your profile' })
  await expect(review).toBeVisible()
  await expect(review).toBeInViewport()
  await review.getByRole('button', { name: 'Save my search plan' }).click()
  // No source is on here: it says so instead of claiming someone else fetched them.
  await expect(
    page.getByText(/No job source is on yet: add a JSearch or Active Jobs DB key in Settings/),
  ).toBeVisible()
  await page.getByRole('button', { name: 'See your plan' }).click()
  await expect(page.getByRole('heading', { name: 'Search plan', level: 1 })).toBeVisible()
  await page.waitForTimeout(300)
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('settings refuse a database that cannot be opened, and number fields let people type', async ({
  page,
}) => {
  await page.goto(await link('fresh'))
  await openSettings(page)

  // Storage: a typo or an unreachable server is never saved, so the next start cannot fail on it.
  await page.getByRole('radio', { name: /A PostgreSQL database shared with others/ }).check()
  const urlField = page.getByLabel('PostgreSQL URL')
  const use = page.getByRole('button', { name: 'Use from next start' })
  await urlField.fill('not a url')
  await use.click()
  await expect(
    page.getByRole('alert').filter({ hasText: /^Not saved: "not a url" is neither a PostgreSQL URL/ }),
  ).toBeVisible()
  await urlField.fill('postgres://postgres@127.0.0.1:1/closed')
  await use.click()
  await expect(page.getByRole('alert').filter({ hasText: /^Not saved: .*127\.0\.0\.1:1/ })).toBeVisible()
  await expect(page.getByText(/next start:/)).toHaveCount(0)

  // Plan limits: clearing and retyping gives what was typed; a wrong value is said beside the field.
  const limits = page.getByRole('region', { name: 'Plan limits' })
  const jsearch = limits.getByLabel('JSearch: requests per month')
  await jsearch.fill('')
  await jsearch.pressSequentially('500')
  await expect(jsearch).toHaveValue('500')
  await jsearch.fill('-5')
  await jsearch.blur()
  await expect(limits.getByRole('alert').filter({ hasText: 'Use 1 or more.' })).toBeVisible()
  await expect(jsearch).toHaveAttribute('aria-invalid', 'true')
  await limits.getByRole('button', { name: 'Save limits' }).click()
  await expect(
    limits.getByRole('alert').filter({ hasText: 'Not saved: fix the marked field first.' }),
  ).toBeVisible()
  await expect(limits.getByText('Saved.')).toHaveCount(0)
  await jsearch.fill('500')
  await limits.getByRole('button', { name: 'Save limits' }).click()
  await expect(limits.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await page.reload()
  await expect(
    page.getByRole('region', { name: 'Plan limits' }).getByLabel('JSearch: requests per month'),
  ).toHaveValue('500')

  // A priority out of range, in our words; a bad time without the contract's internals.
  const daily = page.getByRole('region', { name: 'Daily load' })
  const priority = daily.getByLabel('Load rows with priority at least')
  await priority.fill('11')
  await priority.blur()
  await expect(daily.getByRole('alert').filter({ hasText: 'Use a number from 0 to 10.' })).toBeVisible()
  await priority.fill('0')
  await daily.getByLabel(/^Times/).fill('25:00')
  await daily.getByRole('button', { name: 'Save' }).click()
  const refusal = daily.getByRole('alert').last()
  await expect(refusal).toBeVisible()
  await expect(refusal).not.toContainText('Invalid input for')
  await expect(refusal).not.toContainText('settings/update')
  await shoot(page, 'settings-field-errors', { fullPage: true })
})

test('the import dialog is a real dialog: focus inside, shortcuts off behind it, Escape closes, edits are asked about', async ({
  page,
}) => {
  await page.goto(await link('demo'))
  const savedCount = () =>
    page.evaluate(async () => {
      const response = await fetch('/api/feed/list', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ states: ['saved'], limit: 500 }),
      })
      return ((await response.json()) as { result: { jobs: unknown[] } }).result.jobs.length
    })
  await page.getByRole('listbox', { name: 'Job list' }).getByRole('option').first().click()
  const before = await savedCount()

  await dropFile(page, 'body', { name: 'cv.txt', type: 'text/plain', bytes: new Uint8Array(cv) })
  const dialog = page.getByRole('dialog', { name: 'Import your CV' })
  await expect(dialog.getByRole('form', { name: 'Review your profile' })).toBeVisible()
  expect(
    await page.evaluate(() => !!document.querySelector('dialog[open]')?.contains(document.activeElement)),
  ).toBe(true)
  // The feed's shortcuts do nothing behind the dialog.
  await page.keyboard.press('s')
  await page.keyboard.press('h')
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  expect(await savedCount()).toBe(before)

  // With an edit in the review, closing asks first; "no" keeps the dialog and the edit.
  await dropFile(page, 'body', { name: 'cv.txt', type: 'text/plain', bytes: new Uint8Array(cv) })
  const review = dialog.getByRole('form', { name: 'Review your profile' })
  await expect(review).toBeVisible()
  await review
    .getByRole('button', { name: /^Remove / })
    .first()
    .click()
  const asked: string[] = []
  page.once('dialog', (d) => {
    asked.push(d.message())
    void d.dismiss()
  })
  await page.keyboard.press('Escape')
  await expect(dialog).toBeVisible()
  expect(asked).toEqual(['Discard the edits to your profile?'])
  page.once('dialog', (d) => void d.accept())
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
})

test('a source switched off says "off — switched off", and What if… leaves it out', async ({ page }) => {
  await page.goto(await link('demo'))
  await openSettings(page)
  const toggle = page.getByRole('checkbox', { name: 'Use Active Jobs DB' })
  await toggle.uncheck()
  await expect(toggle).not.toBeChecked()
  try {
    await page.getByRole('link', { name: 'Quota' }).click()
    await expect(page.getByRole('region', { name: 'Active Jobs DB quota' })).toContainText(
      'off — switched off',
    )
    const projected = page.getByRole('table', { name: 'Projected month' })
    await expect(projected).toBeVisible()
    await expect(projected.getByRole('rowheader', { name: 'JSearch' }).first()).toBeVisible()
    await expect(projected.getByRole('rowheader', { name: 'Active Jobs DB' })).toHaveCount(0)

    // An invalid knob: the old projection goes, and the field says why.
    const depth = page.getByRole('form', { name: 'What-if knobs' }).getByLabel('Backfill depth (days)')
    await depth.fill('0')
    await depth.blur()
    await page.getByRole('button', { name: 'Project' }).click()
    await expect(projected).toHaveCount(0)
    await expect(page.getByText('Use a number from 1 to 180.')).toBeVisible()
  } finally {
    await openSettings(page)
    await page.getByRole('checkbox', { name: 'Use Active Jobs DB' }).check()
  }
})

test('hiding a job offers Undo, which brings it back saved; plan changes say what they do to the feed', async ({
  page,
}) => {
  await page.goto(await link('demo'))
  const list = page.getByRole('listbox', { name: 'Job list' })
  const first = list.getByRole('option').first()
  await first.click()
  const title = (await first.locator('.title-text').textContent())!
  const job = list.locator(`[data-job-id="${await first.getAttribute('data-job-id')}"]`)
  await page.keyboard.press('s')
  await expect(job.getByText('Saved')).toBeVisible()
  await page.keyboard.press('h')
  await expect(job).toHaveCount(0)
  const undo = page.getByRole('status').filter({ hasText: `Hidden: ${title}.` })
  await undo.getByRole('button', { name: 'Undo' }).click()
  await expect(job.getByText('Saved')).toBeVisible()

  await page.getByRole('link', { name: 'Search plan' }).click()
  const grid = page.getByRole('table', { name: 'Search plan' })
  await expect(grid).toBeVisible()
  const pause = grid.getByRole('button', { name: /^Pause / }).first()
  await pause.click()
  await expect(
    page.getByRole('status').filter({ hasText: /are hidden from your feed while it is paused/ }),
  ).toBeVisible()
  await grid
    .getByRole('button', { name: /^Resume / })
    .first()
    .click()
  await expect(page.getByRole('status').filter({ hasText: /its jobs are back in your feed/ })).toBeVisible()

  // Removing a whole title asks first; "no" keeps it.
  const remove = grid.getByRole('button', { name: /^Remove title / }).first()
  const removed = (await remove.getAttribute('aria-label'))!.replace('Remove title ', '')
  const asked: string[] = []
  page.once('dialog', (d) => {
    asked.push(d.message())
    void d.dismiss()
  })
  await remove.click()
  expect(asked[0]).toMatch(new RegExp(`^Remove ${removed} from your plan\\? Its \\d+ searches`))
  await expect(grid.getByRole('rowheader', { name: new RegExp(removed) })).toBeVisible()
})

test('the job list tells a screen reader which job j and k selected', async ({ page }) => {
  await page.goto(await link('feed'))
  const list = page.getByRole('listbox', { name: 'Job list' })
  await expect(list.getByRole('option').first()).toBeVisible()
  await list.focus()
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  const active = await list.getAttribute('aria-activedescendant')
  expect(active).toMatch(/^job-\d+$/)
  await expect(page.locator(`#${active}`)).toHaveAttribute('aria-selected', 'true')
  await expect(list.getByRole('option', { selected: true })).toHaveCount(1)
  // The demo's banner sits in a landmark, not loose between the header and the content.
  await page.goto(await link('demo'))
  await expect(page.getByRole('complementary', { name: 'Notices' }).getByRole('note')).toBeVisible()
})

test('the first page loads small: its script is minified and sent compressed, assets cached for good', async ({
  page,
}) => {
  const scripts: Array<{
    url: string
    encoding: string | undefined
    cache: string | undefined
    sent: number
    raw: number
  }> = []
  page.on('response', async (response) => {
    if (!/\/assets\/.+\.js$/.test(response.url())) return
    const sizes = await response.request().sizes()
    scripts.push({
      url: response.url(),
      encoding: response.headers()['content-encoding'],
      cache: response.headers()['cache-control'],
      sent: sizes.responseBodySize,
      raw: (await response.body()).length,
    })
  })
  await page.goto(await link('feed'))
  await expect(page.getByRole('listbox', { name: 'Job list' }).getByRole('option').first()).toBeVisible()
  expect(scripts.length).toBeGreaterThan(0)
  for (const script of scripts) {
    expect(script.encoding, script.url).toBe('gzip')
    expect(script.cache, script.url).toBe('public, max-age=31536000, immutable')
  }
  // Everything the first page runs is within 300 KB minified (not only as sent, compressed); the charts and
  // the HTML sanitizer are not among it — they load with the Quota screen and the first HTML description.
  expect(scripts.reduce((n, s) => n + s.raw, 0)).toBeLessThanOrEqual(300 * 1024)
  expect(scripts.reduce((n, s) => n + s.sent, 0)).toBeLessThan(120 * 1024)
  expect(scripts.some((s) => /Quota|HtmlDescription/.test(s.url))).toBe(false)
})

/** A number as the Quota screen prints it ("1,234" → 1234). */
const figure = (text: string | null | undefined, pattern: RegExp) => {
  const m = pattern.exec(text ?? '')
  expect(m, `${pattern} in "${text}"`).not.toBeNull()
  return Number(m![1]!.replace(/[^\d]/g, ''))
}

test('the Quota screen tells one story: card, chart and What if… show the same month; over the plan warns', async ({
  page,
}) => {
  await page.goto(await link('demo'))
  await page.getByRole('link', { name: 'Quota' }).click()
  const projectedMonth = page.getByRole('table', { name: 'Projected month' })
  await expect(projectedMonth).toBeVisible()
  for (const [name, unit] of [
    ['JSearch', 'requests'],
    ['Active Jobs DB', 'jobs'],
  ] as const) {
    const card = page.getByRole('region', { name: `${name} quota` })
    const figures = await card.locator('.quota-figures').textContent()
    const projected = figure(figures, /projected ([\d,]+) by then/)
    const limit = figure(figures, /of ([\d,]+) \w+ left/)
    const chart = await card
      .getByRole('img', { name: new RegExp(`^${name}: daily use`) })
      .getAttribute('aria-label')
    expect(figure(chart, /projection reaches ([\d,]+) at the reset/), `${name}: chart`).toBe(projected)
    expect(figure(chart, /against the plan of ([\d,]+)/), `${name}: chart limit`).toBe(limit)
    const row = projectedMonth
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name }) })
      .filter({
        has: page.getByRole('cell', { name: unit, exact: true }),
      })
    const now = await row.getByRole('cell').nth(1).textContent()
    expect(figure(now, /^([\d,]+) of/), `${name}: What if… now`).toBe(projected)
    expect(figure(now, / of ([\d,]+)/), `${name}: What if… limit`).toBe(limit)
  }
  await expect(page.getByRole('alert').filter({ hasText: /is short/ })).toHaveCount(0)

  // A plan far smaller than the month needs: the screen warns above everything, and the figures agree.
  await openSettings(page)
  const limitField = page.getByLabel('JSearch: requests per month')
  const before = await limitField.inputValue()
  await limitField.fill('3')
  await page.getByRole('button', { name: 'Save limits' }).click()
  try {
    await page.getByRole('link', { name: 'Quota' }).click()
    await expect(page.getByRole('alert').filter({ hasText: /^JSearch is short: / })).toBeVisible()
    const figures = await page
      .getByRole('region', { name: 'JSearch quota' })
      .locator('.quota-figures')
      .textContent()
    expect(figures).toMatch(/ of 3 requests left/)
  } finally {
    await openSettings(page)
    await page.getByLabel('JSearch: requests per month').fill(before)
    await page.getByRole('button', { name: 'Save limits' }).click()
    await expect(page.getByText('Saved.').first()).toBeVisible()
  }
})
