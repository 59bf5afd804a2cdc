import { chromium } from 'playwright-core'
const link = process.argv[2]
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
const page = await context.newPage()
await page.goto(link)
await page.waitForSelector('[role=listbox]')
// Two applications and one closed saved job visible.
const rows = page.getByRole('listbox', { name: 'Job list' }).getByRole('option')
for (const i of [0, 2]) {
  await rows.nth(i).click()
  await page.getByRole('complementary', { name: 'Job details' }).getByRole('button', { name: 'Mark applied' }).click()
}
await page.getByRole('complementary', { name: 'Job details' }).getByLabel('Application').selectOption('interviewing')
await page.getByLabel('Search jobs').fill('"listed expired"')
await page.waitForTimeout(800)
await rows.first().click()
await page.waitForTimeout(500)
for (const scheme of ['light', 'dark']) {
  await page.emulateMedia({ colorScheme: scheme })
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `/tmp/shot-feed-${width}-${scheme}.png` })
  }
}
await page.goto(page.url().replace(/#.*$/, '') + '#/applications')
await page.waitForTimeout(800)
await page.getByRole('button', { name: /^Update / }).first().click()
for (const scheme of ['light', 'dark']) {
  await page.emulateMedia({ colorScheme: scheme })
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `/tmp/shot-apps-${width}-${scheme}.png` })
  }
}
await page.goto(page.url().replace(/#.*$/, '') + '#/settings')
await page.waitForTimeout(800)
const feed = page.getByRole('region', { name: 'Private feed' })
await feed.getByRole('button', { name: 'Make an address' }).click()
await page.waitForTimeout(500)
await page.getByRole('region', { name: 'Alerts' }).scrollIntoViewIfNeeded()
for (const scheme of ['light', 'dark']) {
  await page.emulateMedia({ colorScheme: scheme })
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 1100 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `/tmp/shot-settings-${width}-${scheme}.png` })
  }
}
await browser.close()
