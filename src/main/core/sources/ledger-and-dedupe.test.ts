import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ACTIVEJOBS_FAKE_KEY } from '../../../../test/fakes/activejobs-fake'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { JSEARCH_FAKE_KEY } from '../../../../test/fakes/jsearch-fake'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { activeJobsAgainst, backfillWindow, combo, jsearchAgainst } from '../../../../test/helpers/sources'
import { ledgerWriter, quotaStatus } from '../quota/ledger'
import { upsertJobs } from '../repos/jobs-repo'
import type { SourcePage } from './job-source'
import { parseQuotaHeaders } from './quota-headers'
import { untilText } from './source-error'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 6000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  for (const fake of [fakes.jsearch, fakes.activeJobs]) {
    fake.clearFaults()
    fake.log.length = 0
    fake.used.clear()
  }
})

describe('quota headers', () => {
  it('turn the reset in seconds into an absolute time', () => {
    const headers = new Headers({
      'x-ratelimit-requests-limit': '200',
      'x-ratelimit-requests-remaining': '187',
      'x-ratelimit-requests-reset': '2163603',
    })
    const at = new Date('2026-11-28T06:00:00.000Z')
    expect(parseQuotaHeaders(headers, at)).toEqual({
      requests: { limit: 200, remaining: 187, resetAt: new Date(at.getTime() + 2_163_603_000) },
      jobs: null,
    })
    expect(untilText(new Date(at.getTime() + 2_163_603_000), at)).toBe('in 25 days')
    expect(untilText(new Date(at.getTime() + 3 * 3_600_000), at)).toBe('in 3 hours')
  })
})

describeEachDialect('the quota ledger', (t) => {
  it('writes one row per call and knows what each source used, has left, and when it resets', async () => {
    const { db } = await t.fresh()
    const writer = ledgerWriter(db)
    const onCall = (record: Parameters<typeof writer>[0]) => writer(record)
    fakes.jsearch.inject({ fault: '503', times: 1 })
    const window = backfillWindow(fakes)
    const combos = [combo('Engineer', 'Berlin'), combo('Data Scientist', 'Hamburg')]
    await jsearchAgainst(fakes, [], { onCall }).fetch(combos, window, { maxPages: 3, onPage: async () => {} })
    await activeJobsAgainst(fakes, [], { onCall }).fetch(combos, backfillWindow(fakes, 7), {
      maxPages: 2,
      onPage: async () => {},
    })

    const rows = await db.selectFrom('api_usage').selectAll().orderBy('id').execute()
    expect(rows).toHaveLength(fakes.jsearch.log.length + fakes.activeJobs.log.length)
    expect(rows.filter((r) => r.status_code === 503)).toHaveLength(1)

    const js = await quotaStatus(db, 'jsearch', fakes.clock.now)
    expect(js).toMatchObject({
      resetAt: new Date(fakes.clock.now().getTime() + 20 * 86_400_000).toISOString(),
      requests: { limit: 200, used: fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests },
    })
    expect(js.requests.remaining).toBe(200 - fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests)

    const aj = await quotaStatus(db, 'activejobs', fakes.clock.now)
    const billed = fakes.activeJobs.billed(ACTIVEJOBS_FAKE_KEY)
    expect(aj.jobs).toEqual({ limit: 20_000, remaining: 20_000 - billed.jobs, used: billed.jobs })
    expect(aj.requests.used).toBe(billed.requests)
    expect(aj.periodStart).toBe('2026-11-18T06:00:00.000Z')
  })

  it('starts from the calendar month before any call has reported a quota', async () => {
    const { db } = await t.fresh()
    const status = await quotaStatus(db, 'activejobs', fakes.clock.now)
    expect(status).toMatchObject({
      periodStart: '2026-11-01T00:00:00.000Z',
      resetAt: null,
      jobs: { used: 0, limit: null },
    })
  })
})

describeEachDialect('one job from both APIs', (t) => {
  it('is stored once, with a posting from each API', async () => {
    const { db } = await t.fresh()
    const combos = [combo('Engineer', 'Berlin')]
    const store = async (page: SourcePage) => void (await upsertJobs(db, page.items, fakes.clock.now))
    await jsearchAgainst(fakes, []).fetch(combos, backfillWindow(fakes, 7), { maxPages: 10, onPage: store })
    await activeJobsAgainst(fakes, []).fetch(combos, backfillWindow(fakes, 7), {
      maxPages: 10,
      onPage: store,
    })

    // What the two fakes served, by real-world job (the corpus number behind each id).
    const byJsearchId = new Map(fakes.corpus.map((j) => [j.jsearchId, j.n]))
    const byActiveId = new Map(fakes.corpus.map((j) => [j.activeJobsId, j.n]))
    const postings = await db
      .selectFrom('job_postings')
      .select(['source', 'source_job_id', 'job_id'])
      .execute()
    const realJobOf = (p: (typeof postings)[number]) =>
      p.source === 'jsearch' ? byJsearchId.get(p.source_job_id) : byActiveId.get(p.source_job_id)
    const realJobs = new Set(postings.map(realJobOf))
    const jobs = await db.selectFrom('jobs').select('id').execute()
    expect(jobs.length).toBe(realJobs.size)

    // Every real-world job maps to exactly one stored job, and the ones under both APIs have two postings.
    const storedFor = new Map<number | undefined, Set<number>>()
    for (const p of postings)
      storedFor.set(realJobOf(p), (storedFor.get(realJobOf(p)) ?? new Set()).add(p.job_id))
    expect([...storedFor.values()].every((ids) => ids.size === 1)).toBe(true)
    const both = [...storedFor.keys()].filter((n) => postings.filter((p) => realJobOf(p) === n).length === 2)
    expect(both.length).toBeGreaterThan(5)
  })
})
