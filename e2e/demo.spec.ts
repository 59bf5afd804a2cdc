import { expect, test } from '@playwright/test'
import { link } from './support/servers'
import { shoot, watchErrors } from './support/ui'

test('the demo: every screen alive without a key, and clearly labelled', async ({ page }) => {
  const failures = watchErrors(page)
  await page.goto(await link('demo'))
  await expect(page.getByRole('note').filter({ hasText: 'Demo data' })).toBeVisible()
  await expect(page.getByText('Ada Lovelace (demo)')).toBeVisible()
  const rows = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
  await expect(rows.first()).toBeVisible()
  await shoot(page, 'demo-feed')

  await page.getByRole('link', { name: 'Search plan' }).click()
  await expect(
    page
      .getByRole('table', { name: 'Search plan' })
      .getByText(/done · \d+ jobs|shared — no quota used/)
      .first(),
  ).toBeVisible()
  // How far back a backfill reaches, said as it is: 7 days on Active Jobs DB, not "a month".
  await expect(
    page.getByText(/Backfills reach 30 days back on JSearch and 7 days on Active Jobs DB/),
  ).toBeVisible()

  await page.getByRole('link', { name: 'Runs' }).click()
  await page.getByRole('button', { name: 'Run daily load now' }).click()
  await expect(page.getByText(/^\d+ new of \d+ jobs loaded\.$/)).toBeVisible({ timeout: 30_000 })

  await page.getByRole('link', { name: 'Quota' }).click()
  await expect(page.getByRole('region', { name: 'JSearch quota' })).toContainText(/Used \d+/)
  await expect(page.getByText(/people sharing searches saved \d+/)).toBeVisible()
  await expect(
    page.getByText(/where the earlier service — one call per distinct search and source/),
  ).toBeVisible()
  // Where the figures come from, and today's plan of calls.
  await expect(page.getByRole('region', { name: 'JSearch quota' })).toContainText(
    'No call has reported the plan yet: the limit of 200 requests comes from the default (JSearch BASIC).',
  )
  const planOfCalls = page.getByRole('region', { name: "Today's plan of calls" })
  await expect(planOfCalls.getByRole('heading', { name: 'JSearch' })).toBeVisible()
  await expect(planOfCalls.getByRole('heading', { name: 'Active Jobs DB' })).toBeVisible()
  await expect(
    planOfCalls
      .getByRole('table', { name: 'JSearch: waiting' })
      .getByRole('row')
      .filter({ hasText: 'every 3 days' })
      .first(),
  ).toBeVisible()
  await shoot(page, 'quota-plan')

  // What if every search were loaded every day, and then twice a day? The projection says, before anything
  // is saved: twice a day doubles what every-day loads cost.
  const whatIf = page.getByRole('form', { name: 'What-if knobs' })
  const table = page.getByRole('table', { name: 'Projected month' })
  const jsearchRow = table.getByRole('row').filter({ hasText: 'JSearch' })
  await expect(jsearchRow).toBeVisible()
  await whatIf.getByLabel('Every day from priority').fill('1')
  const projected = page.waitForResponse((r) => r.url().includes('/api/quota/what-if'))
  await whatIf.getByRole('button', { name: 'Project' }).click()
  await projected
  // Every search every day: each of the demo's combinations at 30 loads.
  await expect(jsearchRow.getByRole('cell').nth(2)).not.toContainText(
    (await jsearchRow.getByRole('cell').nth(1).textContent()) ?? '',
  )
  const whatIfCell = jsearchRow.getByRole('cell').nth(2)
  // The demo's plan of 200 requests cannot load every search every day until the reset: the projection is
  // what the plan of calls can spend, and the cell says what being on time would need.
  const needs = async () =>
    Number(/on time it needs ([\d,]+)/.exec((await whatIfCell.textContent()) ?? '')?.[1]?.replace(/,/g, ''))
  await expect(whatIfCell).toContainText('short: on time it needs')
  const once = await needs()
  await whatIf.getByLabel('Daily loads at').fill('06:00,18:00')
  await whatIf.getByRole('button', { name: 'Project' }).click()
  await expect(whatIfCell).not.toContainText(`needs ${once.toLocaleString('en')};`)
  // Every combination backfilled already: until the reset it is daily loads only, and twice a day needs
  // twice what once a day does on top of what was used.
  const used = Number(
    /Used ([\d,]+)/
      .exec((await page.getByRole('region', { name: 'JSearch quota' }).textContent()) ?? '')![1]!
      .replace(/,/g, ''),
  )
  const twice = await needs()
  expect((twice - used) / (once - used)).toBeGreaterThan(1.9)
  expect((twice - used) / (once - used)).toBeLessThan(2.1)
  await shoot(page, 'quota-what-if')

  // The knobs themselves are saved in Settings.
  await page.getByRole('link', { name: 'Settings' }).click()
  const knobs = page.getByRole('region', { name: 'Quota knobs' })
  await knobs.getByLabel('Backfill depth (days)').fill('14')
  await knobs.getByRole('button', { name: 'Save knobs' }).click()
  await expect(knobs.getByRole('status')).toHaveText('Saved.')
  await page.reload()
  await expect(
    page.getByRole('region', { name: 'Quota knobs' }).getByLabel('Backfill depth (days)'),
  ).toHaveValue('14')
  expect(failures).toEqual([])
})

test('saving a daily time that has passed today asks before loading, and loads when told', async ({
  page,
}) => {
  const failures = watchErrors(page)
  await page.goto(await link('demo'))
  await page.getByRole('link', { name: 'Settings' }).click()
  const schedule = page.getByRole('region', { name: 'Daily load' })
  // This minute in Berlin, once it has begun: its slot has passed, and no load has run since it began.
  test.setTimeout(120_000)
  await page.waitForTimeout(60_500 - (Date.now() % 60_000))
  const past = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date())
  await schedule.getByLabel(/^Times/).fill(past)
  await schedule.getByLabel('Time zone').selectOption('Europe/Berlin')
  await schedule.getByRole('button', { name: 'Save' }).click()
  const prompt = page.getByRole('group', { name: "Today's load" })
  await expect(prompt).toContainText(`The ${past} load of today has not run — load now?`)
  await shoot(page, 'settings-missed-load')
  await prompt.getByRole('button', { name: 'Not today' }).click()
  await expect(prompt).toHaveCount(0)
  await page.reload()
  // Still not loaded: asked again, and this time loaded.
  const again = page.getByRole('group', { name: "Today's load" })
  await again.getByRole('button', { name: 'Load now' }).click()
  await expect(schedule.getByText('Daily load started.')).toBeVisible()
  expect(failures).toEqual([])
})
