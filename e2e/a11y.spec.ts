import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { link } from './support/servers'

/**
 * axe-core on every screen, on the demo and on a person's own data, in light and in dark: no violation of
 * WCAG 2.1 A/AA (contrast included) is let through.
 */
const SCREENS = ['feed', 'applications', 'plan', 'runs', 'quota', 'settings'] as const

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  )
}

for (const server of ['demo', 'feed'] as const) {
  test(`no accessibility violations on any screen of the ${server} server, light and dark`, async ({
    page,
  }) => {
    test.setTimeout(90_000)
    await page.goto(await link(server))
    const found: string[] = []
    for (const screen of SCREENS) {
      await page.goto(page.url().replace(/#.*$/, '') + `#/${screen}`)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await page.waitForTimeout(400)
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme })
        await page.waitForTimeout(100)
        for (const v of await violations(page)) found.push(`${screen} (${colorScheme}) ${v}`)
      }
    }
    expect(found).toEqual([])
  })
}
