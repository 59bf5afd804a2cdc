import { readFileSync } from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { makePdf } from '../test/helpers/cv-fixtures'
import { link, publishJobs } from './support/servers'
import { dropFile, shoot, watchErrors } from './support/ui'

/**
 * The whole journey of two people on one shared database, against the fake APIs: Alice sets up, drops her
 * CV, reviews it, watches her plan backfill, reads her feed, runs the daily load and keeps job states;
 * Bob, with an overlapping CV, finds his plan already fetched — no quota used.
 */
test.describe.configure({ mode: 'serial', timeout: 120_000 })

const CV_LINES = readFileSync('test/fixtures/cvs/en-data-scientist.txt', 'utf8').split('\n')

async function usedRequests(page: Page): Promise<number> {
  await page.getByRole('link', { name: 'Quota' }).click()
  const card = page.getByRole('region', { name: 'JSearch quota' })
  const text = await card.locator('.quota-figures').textContent()
  return Number(/Used ([\d,]+)/.exec(text ?? '')![1]!.replace(/,/g, ''))
}

test('Alice: first run, CV drop, review, backfilled plan, feed, daily load, job states', async ({ page }) => {
  const failures = watchErrors(page)
  await page.goto(await link('alice'))

  // 1. Sources: the keys come from the server's environment; testing one makes a real (fake) call.
  await expect(page.getByText('set by JSEARCH_API_KEY')).toBeVisible()
  await page.getByRole('button', { name: 'Test key' }).first().click()
  await expect(page.getByText(/The JSearch key works: [\d,]+ of 200 requests left this month/)).toBeVisible()

  // 2. The CV, dropped on the drop zone as a real file.
  await page.getByLabel('Your email').fill('alice@example.com')
  await page.getByLabel(/Your name/).fill('Alice')
  const pdf = await makePdf([CV_LINES])
  await dropFile(page, '[data-testid="drop-zone"]', {
    name: 'alice-cv.pdf',
    type: 'application/pdf',
    bytes: pdf,
  })

  // 3. Review: what was read, editable before anything is saved.
  const review = page.getByRole('form', { name: 'Review your profile' })
  await expect(review).toBeVisible()
  await expect(review.getByRole('button', { name: 'Remove Senior Data Scientist' })).toBeVisible()
  await expect(review.getByRole('button', { name: 'Remove Berlin' })).toBeVisible()
  await expect(page.locator('.drop-overlay')).toHaveCount(0)
  await shoot(page, 'cv-review', { fullPage: true })
  await review.getByRole('button', { name: 'Remove ML Engineer' }).click()
  await review.getByLabel('Add to Places').fill('Hamburg')
  await review.getByRole('button', { name: 'Add' }).nth(1).click()
  await review.getByRole('button', { name: 'Save my search plan' }).click()

  // 4. Backfill progress, then the plan grid with every cell done.
  await expect(page.getByLabel('Backfill progress').or(page.getByText(/Backfill finished/))).toBeVisible()
  // Progress counts what the review promised: its searches, each fetched from both sources.
  const progressLine = page.getByText(/ of \d+ fetched — /)
  if (await progressLine.isVisible()) {
    const [, , total, searches] = /(\d+) of (\d+) fetched — (\d+) search/.exec(
      (await progressLine.textContent())!,
    )!
    expect(Number(total)).toBe(2 * Number(searches))
    await expect(progressLine).toContainText('each from 2 sources')
  }
  await expect(page.getByText(/Backfill finished/)).toBeVisible({ timeout: 60_000 })
  await page.getByRole('button', { name: 'See your plan' }).click()
  const grid = page.getByRole('table', { name: 'Search plan' })
  await expect(grid).toBeVisible()
  const cells = grid.locator('[data-testid^="cell-"]')
  const cellCount = await cells.count()
  expect(cellCount).toBeGreaterThanOrEqual(2)
  await expect(grid.getByText(/^done · \d+ jobs$/)).toHaveCount(cellCount * 2)
  await shoot(page, 'plan')

  // 5. The feed has jobs; a job opens in the detail pane.
  await page.getByRole('link', { name: 'Jobs' }).click()
  const rows = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
  await expect(rows.first()).toBeVisible()
  await rows.first().click()
  await expect(
    page.getByRole('complementary', { name: 'Job details' }).getByRole('heading', { level: 2 }),
  ).toBeVisible()
  await shoot(page, 'feed')

  // 6. Run the daily load now: it reports its result, and the quota chart moves.
  const before = await usedRequests(page)
  await shoot(page, 'quota')
  await page.getByRole('link', { name: 'Runs' }).click()
  await publishJobs('Senior Data Scientist', 'Berlin', 4) // the morning brings four new openings
  await page.getByRole('button', { name: 'Run daily load now' }).click()
  await expect(page.getByText(/^4 new of \d+ jobs loaded\.$/)).toBeVisible({ timeout: 60_000 })
  await expect(
    page.getByRole('status').filter({ hasText: '4 new jobs for Senior Data Scientist in Berlin' }),
  ).toBeVisible()
  await expect(page.getByRole('button', { name: 'Run daily load now' })).toBeEnabled()
  const lastLoad = page.getByRole('listitem').filter({ hasText: 'Daily load' }).first()
  await expect(lastLoad).toBeVisible()
  // Its details say, per source, which window each combination was loaded for.
  await lastLoad.getByRole('button', { expanded: false }).click()
  const windows = lastLoad.getByRole('table', { name: 'Windows loaded' })
  // Both start where the backfill a few minutes ago ended (one window per backfill end, so maybe several).
  for (const source of ['Active Jobs DB', 'JSearch']) {
    const rows = windows.getByRole('row').filter({ hasText: source })
    await expect(rows.first()).toBeVisible()
    for (const row of await rows.all()) await expect(row).toContainText('posted since')
  }
  await shoot(page, 'runs')
  expect(await usedRequests(page)).toBeGreaterThan(before)

  // 7. The new jobs are in the feed, marked new since the last visit.
  await page.getByRole('link', { name: 'Jobs' }).click()
  await expect(rows.first()).toBeVisible()
  await expect(page.getByText(/· 4 new since your last visit/)).toBeVisible()
  await expect(rows.filter({ hasText: 'New' })).toHaveCount(4)
  // New survives a reload until the job is opened.
  await page.reload()
  await expect(rows.filter({ hasText: 'New' })).toHaveCount(4)
  await rows.filter({ hasText: 'New' }).first().click()
  await expect(rows.filter({ hasText: 'New' })).toHaveCount(3)
  await page.reload()
  await expect(rows.filter({ hasText: 'New' })).toHaveCount(3)

  // 8. Save one job with the keyboard, hide another with the button; both survive a reload.
  await page.locator('.feed-scroll').focus()
  await page.keyboard.press('j')
  const first = rows.first()
  const savedId = await first.getAttribute('data-job-id')
  await page.keyboard.press('s')
  await expect(page.locator(`[data-job-id="${savedId}"]`).getByText('Saved')).toBeVisible()
  const second = rows.nth(1)
  const hiddenId = await second.getAttribute('data-job-id')
  await second.click()
  await page.getByRole('complementary', { name: 'Job details' }).getByRole('button', { name: 'Hide' }).click()
  await expect(page.locator(`[data-job-id="${hiddenId}"]`)).toHaveCount(0)

  await page.reload()
  await expect(rows.first()).toBeVisible()
  await expect(page.locator(`[data-job-id="${savedId}"]`).getByText('Saved')).toBeVisible()
  await expect(page.locator(`[data-job-id="${hiddenId}"]`)).toHaveCount(0)
  await page.getByLabel('State').selectOption('hidden')
  await expect(page.locator(`[data-job-id="${hiddenId}"]`)).toBeVisible()
  await page.getByLabel('State').selectOption('saved')
  await expect(rows).toHaveCount(1)

  await page.getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByRole('heading', { name: 'Daily load' })).toBeVisible()
  await shoot(page, 'settings')
  expect(failures).toEqual([])
})

test('Bob, with an overlapping CV, sees the cells Alice already fetched as shared — no quota used', async ({
  page,
}) => {
  const failures = watchErrors(page)
  await page.goto(await link('bob'))
  await page.getByLabel('Your email').fill('bob@example.com')
  await page.getByLabel('CV file').setInputFiles({
    name: 'bob.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await makePdf([CV_LINES])),
  })
  const review = page.getByRole('form', { name: 'Review your profile' })
  await expect(review).toBeVisible()
  // Bob keeps Berlin (Alice's too) and looks in Munich; Hamburg is Alice's only.
  await review.getByRole('button', { name: 'Remove ML Engineer' }).click()
  await review.getByRole('button', { name: 'Save my search plan' }).click()
  await expect(
    page.getByText(/Backfill finished|already fetched by someone sharing this database/),
  ).toBeVisible({
    timeout: 60_000,
  })
  await page.getByRole('button', { name: 'See your plan' }).click()
  const berlin = page.getByTestId('cell-Senior Data Scientist in Berlin')
  await expect(berlin.getByText(/shared — no quota used/)).toHaveCount(2)
  await shoot(page, 'plan-shared')
  expect(failures).toEqual([])
})
