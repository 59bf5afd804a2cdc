import type { Page } from '@playwright/test'

/** Drops a file the way a person does: a real `drop` event carrying a DataTransfer with the file. */
export async function dropFile(
  page: Page,
  target: string,
  file: { name: string; type: string; bytes: Uint8Array },
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, type, bytes }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }))
      return transfer
    },
    { name: file.name, type: file.type, bytes: [...file.bytes] },
  )
  await page.dispatchEvent(target, 'dragenter', { dataTransfer })
  await page.dispatchEvent(target, 'dragover', { dataTransfer })
  await page.dispatchEvent(target, 'drop', { dataTransfer })
}

/** A screenshot of the screen in light and in dark, into test-results/screenshots/. */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.waitForTimeout(50)
    await page.screenshot({
      path: `test-results/screenshots/${name}-${colorScheme}.png`,
      fullPage: options.fullPage ?? false,
    })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** Collects page errors and console errors; a test ends by expecting none. */
export function watchErrors(page: Page): string[] {
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(message.text())
  })
  return failures
}
