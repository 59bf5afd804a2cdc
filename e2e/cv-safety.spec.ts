import { expect, test } from '@playwright/test'
import { makeImageOnlyPdf } from '../test/helpers/cv-fixtures'
import { docxWithMarkup } from '../test/helpers/hostile-files'
import { link, url } from './support/servers'
import { shoot, watchErrors } from './support/ui'

/**
 * What a person sees when a file is slow or needs Claude to see it: they can stop a read, and a scan goes
 * to Claude (a paid call, the file leaving the machine) only when they say so.
 */
test('a scanned PDF goes to Claude only after the person agrees to send it', async ({ page }) => {
  const failures = watchErrors(page)
  await page.goto(await link('claude'))
  await page.getByLabel('Your email').fill('scan@example.com')
  await page.getByLabel('CV file').setInputFiles({
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(await makeImageOnlyPdf()),
  })
  const consent = page.getByRole('alertdialog')
  await expect(consent).toContainText('scan.pdf is a scan without text')
  await expect(consent).toContainText('one paid call')
  await shoot(page, 'cv-scan-consent', { fullPage: true })
  await consent.getByRole('button', { name: 'Send it to Claude' }).click()
  await expect(page.getByRole('form', { name: 'Review your profile' })).toBeVisible()
  await expect(page.getByText('Read by Claude.')).toBeVisible()
  // The one refused call is the app asking first (422: consent needed); nothing else failed.
  expect(failures.filter((f) => !/status of 422/.test(f))).toEqual([])
})

test('a file that takes long to read can be stopped, and the app answers meanwhile', async ({
  page,
  request,
}) => {
  await page.goto(await link('claude'))
  await page.getByLabel('Your email').fill('slow@example.com')
  await page.getByLabel('CV file').setInputFiles({
    name: 'long.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: Buffer.from(await docxWithMarkup(7)),
  })
  const stop = page.getByRole('button', { name: 'Stop reading' })
  await expect(stop).toBeVisible()
  // The server is not stuck on the file: a page load answers at once.
  const started = Date.now()
  expect((await request.get(url('claude', '/'))).status()).toBe(401)
  expect(Date.now() - started).toBeLessThan(1_000)
  await stop.click()
  await expect(page.getByText('Stopped reading long.docx.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Choose a file…' })).toBeEnabled()
})
