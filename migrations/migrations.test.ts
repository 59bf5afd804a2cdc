import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

/**
 * Released migrations, and the helpers they use, never change: a database migrated by an earlier release
 * must end up exactly where a new one does. A new migration adds its line here; an edit to a released one
 * fails this test (write a new migration instead).
 */
const RELEASED: Record<string, string> = {
  '2026-11-28-01-users-and-cvs.ts': 'b3b45162461c201b',
  '2026-11-28-02-normalize-user-search-queries.ts': 'f45e66504adcb6ee',
  '2026-11-28-03-add-backfill-tracking.ts': '0df345fec3512dc3',
  '2026-11-28-04-jobs-and-postings.ts': 'fe45d1d2b865890e',
  '2026-11-28-05-runs-usage-settings.ts': '8c3ff0948efbb933',
  '2026-11-28-06-run-owner.ts': 'f3ef5435fbe633a3',
  '2026-12-01-07-daily-marks-and-locks.ts': '80ac61871913025c',
  '2026-12-02-08-one-job-vocabulary.ts': '37b67ff217a07e39',
  '2026-12-02-09-call-yields.ts': 'c7b9ebb288dd495c',
  '2026-12-03-10-full-text-search.ts': 'cbe5304801bd3713',
  '2026-12-03-11-fit-salary-watchlist.ts': '02b02bc8ab31a0ae',
  '2026-12-03-12-phrase-pairs.ts': 'deb441340f462fa3',
  '2026-12-03-13-alerts.ts': '8e877eb81dbb8dc9',
  '2026-12-03-14-applications.ts': 'b2750e439d98f142',
  '2026-12-03-15-closed-jobs.ts': '7c11010543407c12',
  '2026-12-03-16-search-statistics.ts': 'a3fda078ddb4c2ae',
  '2026-12-03-17-feed-tokens.ts': 'cbfbbcbfaac36471',
  '2026-12-03-18-fit-newest-index.ts': '478aebd274fe824e',
  'helpers.ts': '093e427da7145f6f',
}

const dir = join(__dirname)
const hashOf = (file: string) =>
  createHash('sha256')
    .update(readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n'))
    .digest('hex')
    .slice(0, 16)

it('keeps every released migration and its helpers as they were released', () => {
  const files = readdirSync(dir).filter(
    (f) => /^\d{4}-\d{2}-\d{2}-\d{2}-.+\.ts$/.test(f) || f === 'helpers.ts',
  )
  const now = Object.fromEntries(files.sort().map((f) => [f, hashOf(f)]))
  for (const [file, hash] of Object.entries(RELEASED))
    expect(now[file], `${file} was released: write a new migration instead of editing it`).toBe(hash)
  for (const file of files)
    expect(RELEASED[file], `${file} is new: add "'${file}': '${now[file]}'" to RELEASED`).toBeDefined()
})

it('imports nothing from the app: the migrations stand on their own', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')))
    expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/from '\.\.\//)
})
