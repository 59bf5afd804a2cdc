import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { APP_VERSION } from './version'

it('matches package.json', () => {
  expect(APP_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
})
