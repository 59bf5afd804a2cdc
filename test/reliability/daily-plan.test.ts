import type { Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runBackfill } from '../../src/main/core/backfill/backfill'
import { type DailyOutcome, runDailyLoad } from '../../src/main/core/daily/daily-load'
import type { Database } from '../../src/main/core/db/schema'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { FakeClock } from '../fakes/fake-clock'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { describeEachDialect } from '../helpers/databases'
import { fakeSources } from '../helpers/sources'

const DAY = 86_400_000
const START = '2026-11-10T05:00:00.000Z' // 06:00 in Berlin
// A multiple of the 3-day delay: by the last morning every combination has been asked up to it.
const DAYS = 9

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({
    clock: new FakeClock(START),
    corpusUntil: new Date(new Date(START).getTime() + (DAYS + 1) * DAY),
    corpusDays: 60,
    corpusSize: 6000,
    jsearchRequestsLimit: 100_000,
  })
})
afterAll(() => fakes.stop())

async function plan(db: Kysely<Database>) {
  const user = await upsertUser(db, { email: 'a@example.com' }, fakes.clock.now)
  await addQueries(
    db,
    user.id,
    [
      ...['Data Engineer', 'Data Scientist', 'Backend Developer'].flatMap((title) =>
        ['Berlin', 'Hamburg'].map((location) => ({ title, location })),
      ),
      { title: 'Product Manager', location: 'Berlin', priority: 9 },
    ],
    fakes.clock.now,
  )
}

/** A backfill on the first morning, then a daily load every morning; what JSearch was asked, per day. */
async function month(db: Kysely<Database>, f: Fakes, maxDelayDays?: number) {
  f.clock.set(START)
  await plan(db)
  await runBackfill({ db, clock: f.clock.now, ...fakeSources(f, db) })
  const asked: string[][] = []
  const outcomes: DailyOutcome[] = []
  for (let day = 1; day <= DAYS; day++) {
    f.clock.set(new Date(new Date(START).getTime() + day * DAY))
    const before = f.jsearch.log.length
    outcomes.push(
      await runDailyLoad({
        db,
        clock: f.clock.now,
        trigger: 'schedule',
        maxDelayDays,
        ...fakeSources(f, db),
      }),
    )
    asked.push(f.jsearch.log.slice(before).map((r) => `${r.query.query}|${r.query.date_posted}`))
  }
  return { asked, outcomes }
}

async function jsearchPostings(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('job_postings')
    .select('source_job_id')
    .where('source', '=', 'jsearch')
    .execute()
  return new Set(rows.map((r) => r.source_job_id))
}

describeEachDialect('the daily load under the plan of calls', (t) => {
  it('asks quiet combinations every 3 days and high priorities daily, and stores what daily loads store', async () => {
    const daily = (await t.fresh()).db
    const billedBefore = fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests
    await month(daily, fakes, 0)
    const dailyRequests = fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests - billedBefore

    const planned = (await t.fresh()).db
    const plannedBefore = fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests
    const { asked, outcomes } = await month(planned, fakes)
    const plannedRequests = fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests - plannedBefore

    // Priority 9: every day, `today`. The others: every third day, with `3days`.
    for (const day of asked) expect(day).toContain('Product Manager in Berlin|today')
    const quiet = asked.map((day) => day.filter((q) => q.startsWith('Data Engineer in Berlin')))
    expect(quiet.flat().every((q) => q.endsWith('|3days'))).toBe(true)
    expect(quiet.filter((d) => d.length > 0).length).toBeLessThanOrEqual(Math.ceil(DAYS / 3) + 1)
    // The report says what waits, and until when.
    const first = outcomes[0]!.status === 'ran' ? outcomes[0]!.report : undefined!
    const js = first.sources.find((s) => s.source === 'jsearch')!
    expect(js.waiting!.map((w) => w.combination)).toContain('Data Engineer in Berlin')
    expect(js.waiting!.find((w) => w.combination === 'Data Engineer in Berlin')).toMatchObject({
      daysLate: 0,
      why: expect.stringMatching(/^every 3 days, 1 page/),
    })
    expect(js.skipped).toEqual([])

    // Job by job: what the planned month stored against the month of daily loads.
    const all = await jsearchPostings(daily)
    const got = await jsearchPostings(planned)
    const reached = [...all].filter((id) => got.has(id)).length
    expect(all.size).toBeGreaterThan(20)
    expect(reached / all.size).toBeGreaterThanOrEqual(0.95)
    expect(plannedRequests).toBeLessThanOrEqual(0.6 * dailyRequests)
  })

  it('keeps inside a small plan: no monthly-quota 429, and the report says what is late', async () => {
    const small = await startFakes({
      clock: new FakeClock(START),
      corpusUntil: new Date(new Date(START).getTime() + (DAYS + 1) * DAY),
      corpusSize: 6000,
      jsearchRequestsLimit: 24,
    })
    try {
      const db = (await t.fresh()).db
      const { outcomes } = await month(db, small)
      expect(small.jsearch.log.filter((r) => r.status === 429)).toEqual([])
      const reports = outcomes.map((o) => (o.status === 'ran' ? o.report : undefined!))
      const js = reports.map((r) => r.sources.find((s) => s.source === 'jsearch')!)
      expect(js.some((s) => s.skipped.length > 0)).toBe(true)
      const late = js.flatMap((s) => s.skipped)
      expect(late[0]!.reason).toMatch(/^JSearch has \d+ requests left for \d+ days?: today’s share is spent/)
      expect(js.some((s) => /A plan of about [\d,]+ requests a month/.test(s.advice ?? ''))).toBe(true)
      // The high priority is never the one that waits while a lower one is asked.
      for (const s of js)
        if (s.skipped.some((k) => k.combination === 'Product Manager in Berlin'))
          expect(s.windows.flatMap((w) => w.combinations)).toEqual([])
      expect(small.jsearch.billed(JSEARCH_FAKE_KEY).requests).toBeLessThanOrEqual(24)
    } finally {
      await small.stop()
    }
  })
})
