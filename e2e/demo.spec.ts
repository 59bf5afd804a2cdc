import { expect, test } from '@playwright/test'
import { link } from './support/servers'
import { shoot, watchErrors } from './support/ui'

test('the demo: every screen alive without a key, and clearly labelled', async ({ page }) => {
  const failures = watchErrors(page)
  await page.goto(link('demo'))
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

  await page.getByRole('link', { name: 'Runs' }).click()
  await page.getByRole('button', { name: 'Run daily load now' }).click()
  await expect(page.getByText(/^\d+ new of \d+ jobs loaded\.$/)).toBeVisible({ timeout: 30_000 })

  await page.getByRole('link', { name: 'Quota' }).click()
  await expect(page.getByRole('region', { name: 'JSearch quota' })).toContainText(/Used \d+/)
  await expect(page.getByText(/fewer calls because people share searches/)).toBeVisible()
  expect(failures).toEqual([])
})
