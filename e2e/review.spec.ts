import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { link } from './support/servers'
import { shoot, watchErrors } from './support/ui'

/**
 * The review when the offline parser could not find everything: no dead end. What was found is shown, the
 * empty field is marked for the person to fill in, and a place is only accepted once it is in a country.
 */
const cv = (name: string) => readFileSync(`test/fixtures/cvs/world/${name}.txt`)

test('a CV without a place opens the review with Places marked; a place must say its country', async ({
  page,
}) => {
  const failures = watchErrors(page)
  await page.goto(await link('fresh'))
  await page.getByLabel('Your email').fill('alex@example.com')
  await page.getByLabel('CV file').setInputFiles({
    name: 'alex.txt',
    mimeType: 'text/plain',
    buffer: cv('no-place-student'),
  })
  const review = page.getByRole('form', { name: 'Review your profile' })
  await expect(review).toBeVisible()
  // What was found stays; the empty field says what to do, and saving waits for it.
  await expect(review.getByRole('button', { name: 'Remove Frontend Developer' })).toBeVisible()
  const places = review.getByRole('group', { name: 'Places' })
  await expect(places.getByRole('alert')).toHaveText(/We found no place to work in your CV/)
  await expect(review.getByRole('button', { name: 'Save my search plan' })).toBeDisabled()
  await shoot(page, 'review-no-place', { fullPage: true })

  // A name several places carry: the review asks which, and one click answers.
  await places.getByLabel('Add to Places').fill('Springfield')
  await places.getByRole('button', { name: 'Add' }).click()
  await expect(places.getByRole('alert')).toHaveText(/could not tell which "Springfield"/)
  await expect(review.getByRole('button', { name: 'Save my search plan' })).toBeDisabled()
  await shoot(page, 'review-which-springfield', { fullPage: true })
  await places.getByRole('button', { name: 'Springfield, IL, US' }).click()
  await expect(places.getByText('Springfield, IL, US')).toBeVisible()
  await expect(places.getByRole('listitem').filter({ hasText: 'Springfield, IL, US' })).toContainText(
    '· Springfield, United States',
  )

  // A name no gazetteer knows is not sent anywhere: the person is asked for its country.
  await places.getByLabel('Add to Places').fill('Xyzzyville')
  await places.getByRole('button', { name: 'Add' }).click()
  await expect(places.getByRole('alert')).toHaveText(/could not place "Xyzzyville" — which country/)
  await expect(review.getByRole('button', { name: 'Save my search plan' })).toBeDisabled()
  await places.getByRole('button', { name: 'Remove Xyzzyville' }).click()
  await expect(places.getByRole('alert')).toHaveCount(0)
  await expect(review.getByRole('button', { name: 'Save my search plan' })).toBeEnabled()
  expect(failures).toEqual([])
})

test('a Spanish CV is searched in English with its words kept, and Seoul is shown in its country', async ({
  page,
}) => {
  const failures = watchErrors(page)
  await page.goto(await link('fresh'))
  await page.getByLabel('Your email').fill('javier@example.es')
  await page.getByLabel('CV file').setInputFiles({
    name: 'javier.txt',
    mimeType: 'text/plain',
    buffer: cv('es-madrid-backend'),
  })
  const review = page.getByRole('form', { name: 'Review your profile' })
  await expect(review.getByRole('button', { name: 'Remove Senior Backend Developer' })).toBeVisible()
  await expect(
    review.getByText(/Senior Backend Developer \(from “Desarrollador Backend Senior”\)/),
  ).toBeVisible()
  const places = review.getByRole('group', { name: 'Places' })
  const chip = (name: string) => places.getByRole('listitem').filter({ hasText: name })
  await expect(chip('Madrid')).toContainText('· Spain')
  await places.getByLabel('Add to Places').fill('Seoul')
  await places.getByRole('button', { name: 'Add' }).click()
  await expect(chip('Seoul')).toContainText('· South Korea')
  await expect(review.getByRole('button', { name: 'Save my search plan' })).toBeEnabled()
  await shoot(page, 'review-translated', { fullPage: true })
  expect(failures).toEqual([])
})
