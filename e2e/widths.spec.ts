import { expect, test } from '@playwright/test'
import { link } from './support/servers'
import { shoot } from './support/ui'

/**
 * Every screen at a laptop's 1440×900 and a small window's 1024×700, in light and dark, saved for a person
 * to look at (test-results/screenshots/width-*), with what would be clipped checked.
 */
const SCREENS = ['feed', 'applications', 'plan', 'runs', 'quota', 'settings'] as const

for (const [width, height] of [
  [1440, 900],
  [1024, 700],
] as const) {
  test(`every screen at ${width}×${height}: nothing clipped, filters wrap`, async ({ page }) => {
    test.setTimeout(60_000)
    await page.setViewportSize({ width, height })
    await page.goto(await link('demo'))
    for (const screen of SCREENS) {
      await page.goto(page.url().replace(/#.*$/, '') + `#/${screen}`)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await page.waitForTimeout(300)
      // No part of the page is wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), screen).toBeLessThanOrEqual(
        width,
      )
      if (screen === 'feed') {
        // The posted time of every row shows whole: the row's other text gives way first.
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('.job-row')].flatMap((row) => {
            const when = row.querySelector<HTMLElement>('.when')
            const meta = row.querySelector<HTMLElement>('.job-meta')
            if (!when || !meta) return []
            const w = when.getBoundingClientRect()
            const m = meta.getBoundingClientRect()
            return w.right > m.right + 1 || w.left < m.left ? [when.textContent] : []
          }),
        )
        expect(clipped, 'posted times cut off').toEqual([])
      }
      await shoot(page, `width-${width}-${screen}`)
    }
  })
}
