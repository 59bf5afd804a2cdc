import { expect, it } from 'vitest'
import { METHODS } from './contract'
import { MAX_CV_BASE64_CHARS, MAX_CV_BYTES, MAX_REQUEST_BYTES } from './limits'

it('lets the largest CV through every side, and nothing larger past the contract', () => {
  const largest = Buffer.alloc(MAX_CV_BYTES, 0x41).toString('base64')
  expect(largest.length).toBeLessThanOrEqual(MAX_CV_BASE64_CHARS)
  const input = { fileName: 'cv.pdf', dataBase64: largest }
  expect(METHODS['cv/read'].input.safeParse(input).success).toBe(true)
  // The server's body limit holds the CV's base64 and the rest of an import's input.
  expect(JSON.stringify({ ...input, email: 'a@example.com' }).length).toBeLessThan(MAX_REQUEST_BYTES)

  const tooLarge = Buffer.alloc(MAX_CV_BYTES + 3, 0x41).toString('base64')
  expect(METHODS['cv/read'].input.safeParse({ fileName: 'cv.pdf', dataBase64: tooLarge }).success).toBe(false)
})
