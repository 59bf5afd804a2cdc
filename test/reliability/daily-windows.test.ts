import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { runBackfill } from '../../src/main/core/backfill/backfill'
import { type DailyLoadOptions, type DailyOutcome, runDailyLoad } from '../../src/main/core/daily/daily-load'
import type { Database } from '../../src/main/core/db/schema'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { FakeClock } from '../fakes/fake-clock'
import { type Fakes, startFakes } from '../fakes/index'
import { describeEachDialect } from '../helpers/databases'
import { fakeSources } from '../helpers/sources'

const DAY = 86_400_000
// 06:00 in Berlin on three days in a row.
const DAYS = ['2026-11-26T05:00:00.000Z', '2026-11-27T05:00:00.000Z', '2026-11-28T05:00:00.000Z']

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({
    clock: new FakeClock(DAYS[0]),
    corpusUntil: new Date('2026-11-28T06:00:00.000Z'),
    corpusSize: 6000,
    // A plan large enough for every load of this file (the free plan's 200 would run out half-way).
    jsearchRequestsLimit: 100_000,
  })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  fakes.jsearch.clearFaults()
  fakes.activeJobs.clearFaults()
})

async function plan(db: Kysely<Database>) {
  const user = await upsertUser(db, { email: 'a@example.com' }, fakes.clock.now)
  await addQueries(
    db,
    user.id,
    ['Data Engineer', 'Data Scientist', 'Backend Developer'].flatMap((title) =>
      ['Berlin', 'Hamburg', 'München'].map((location) => ({ title, location })),
    ),
    fakes.clock.now,
  )
}

function load(
  db: Kysely<Database>,
  at: string,
  extra: Partial<DailyLoadOptions> = {},
): Promise<DailyOutcome> {
  fakes.clock.set(at)
  return runDailyLoad({
    db,
    clock: fakes.clock.now,
    trigger: 'schedule',
    // Window mechanics: every combination at every load (the plan of calls is tested on its own).
    maxDelayDays: 0,
    ...fakeSources(fakes, db, { concurrency: 1 }),
    ...extra,
  })
}

/** Every posting stored, as "source:id", sorted: what a person's feed is made of. */
async function postings(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('job_postings').select(['source', 'source_job_id']).execute()
  return rows.map((r) => `${r.source}:${r.source_job_id}`).sort()
}

function reportOf(outcome: DailyOutcome) {
  if (outcome.status !== 'ran') throw new Error(`expected a load, got ${outcome.status}`)
  return outcome.report
}

/** Both sources fail for the whole load: 500s on every search. */
function breakBoth() {
  fakes.jsearch.inject({ fault: '500', times: 10_000 })
  fakes.activeJobs.inject({ fault: '500', times: 10_000 })
}

describeEachDialect('a daily load after a failed part', (t) => {
  it('asks each combination from its own mark: the store equals a clean run’s, job by job', async () => {
    const clean = (await t.fresh()).db
    await plan(clean)
    await load(clean, DAYS[0]!)
    await load(clean, DAYS[1]!)
    const cleanAfterDay2 = await postings(clean)
    await load(clean, DAYS[2]!)
    const cleanAfterDay3 = await postings(clean)
    expect(cleanAfterDay3.length).toBeGreaterThan(cleanAfterDay2.length)
    expect(cleanAfterDay2.some((p) => p.startsWith('jsearch:'))).toBe(true)
    expect(cleanAfterDay2.some((p) => p.startsWith('activejobs:'))).toBe(true)

    // Day 2 fails in both sources; day 3 makes it good.
    const faulty = (await t.fresh()).db
    await plan(faulty)
    await load(faulty, DAYS[0]!)
    breakBoth()
    const failed = reportOf(await load(faulty, DAYS[1]!))
    expect(failed.sources.every((s) => s.failures.length > 0)).toBe(true)
    const marks = await faulty.selectFrom('daily_marks').select(['source', 'loaded_until']).execute()
    expect(new Set(marks.map((m) => m.loaded_until))).toEqual(new Set([DAYS[0]]))
    fakes.jsearch.clearFaults()
    fakes.activeJobs.clearFaults()
    const jsLog = fakes.jsearch.log.length
    const ajLog = fakes.activeJobs.log.length
    const recovered = reportOf(await load(faulty, DAYS[2]!))
    expect(await postings(faulty)).toEqual(cleanAfterDay3)
    // JSearch asks for the two days since its mark, Active Jobs DB by posting date from a day before it.
    expect(new Set(fakes.jsearch.log.slice(jsLog).map((r) => r.query.date_posted))).toEqual(
      new Set(['3days']),
    )
    expect(
      fakes.activeJobs.log
        .slice(ajLog)
        .filter((r) => !/expired/.test(r.path))
        .map((r) => [r.path, r.query.date_filter]),
    ).toEqual([['/active-ats-7d', '2026-11-25T05:00:00']])
    const aj = recovered.sources.find((s) => s.source === 'activejobs')!
    expect(aj.windows).toEqual([
      {
        from: '2026-11-25T05:00:00.000Z',
        to: DAYS[2],
        how: 'posted since',
        gap: null,
        combinations: expect.arrayContaining(['Data Engineer in Berlin']),
      },
    ])
    expect(recovered.sources.find((s) => s.source === 'jsearch')!.windows[0]).toMatchObject({
      from: DAYS[0],
      how: 'posted since',
      gap: null,
    })

    // The same failure made good the same day, by the retry 15 minutes later.
    const retried = (await t.fresh()).db
    await plan(retried)
    await load(retried, DAYS[0]!)
    breakBoth()
    await load(retried, DAYS[1]!)
    fakes.jsearch.clearFaults()
    fakes.activeJobs.clearFaults()
    await load(retried, new Date(Date.parse(DAYS[1]!) + 15 * 60_000).toISOString())
    expect(await postings(retried)).toEqual(cleanAfterDay2)
  }, 60_000)

  it('names a gap when a mark is older than the widest window a source has', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await load(db, DAYS[0]!)
    const report = reportOf(await load(db, new Date(Date.parse(DAYS[0]!) + 9 * DAY).toISOString()))
    const aj = report.sources.find((s) => s.source === 'activejobs')!
    // Nine days: the 7-day window reaches back seven, so two days are a gap; JSearch's month covers it.
    expect(aj.windows[0]!.gap).toEqual({
      from: DAYS[0],
      to: new Date(Date.parse(DAYS[0]!) + 2 * DAY).toISOString(),
    })
    expect(report.sources.find((s) => s.source === 'jsearch')!.windows[0]!.gap).toBeNull()
  })
})

describeEachDialect('two daily loads at the same moment', (t) => {
  it('make one load’s requests: the second waits, then finds nothing missing', async () => {
    const reference = (await t.fresh()).db
    await plan(reference)
    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    await load(reference, DAYS[0]!)
    const one = { jsearch: fakes.jsearch.log.length, activeJobs: fakes.activeJobs.listings.length }

    const { db } = await t.fresh()
    await plan(db)
    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    const notices: string[] = []
    const outcomes = await Promise.all([
      load(db, DAYS[0]!, { trigger: 'cli', onNotice: (m) => notices.push(m) }),
      load(db, DAYS[0]!, { trigger: 'cli', onNotice: (m) => notices.push(m) }),
    ])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['ran', 'up-to-date'])
    expect({ jsearch: fakes.jsearch.log.length, activeJobs: fakes.activeJobs.listings.length }).toEqual(one)
    expect(notices).toContain(
      'Another daily load is running on this database; waiting for it to finish, then loading only what it did not.',
    )
    const runs = await db.selectFrom('runs').select('status').execute()
    expect(runs.map((r) => r.status)).toEqual(['success'])

    // A manual load and the scheduled one: the same.
    const { db: both } = await t.fresh()
    await plan(both)
    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    const slot = { slotKey: 'daily:2026-11-26T06:00@Europe/Berlin', slotAt: new Date(DAYS[0]!) }
    const pair = await Promise.all([load(both, DAYS[0]!, { trigger: 'manual' }), load(both, DAYS[0]!, slot)])
    expect({ jsearch: fakes.jsearch.log.length, activeJobs: fakes.activeJobs.listings.length }).toEqual(one)
    expect(pair.map((o) => o.status)).toContain('ran')
  }, 60_000)
})

describeEachDialect('a monthly-quota 429', (t) => {
  it('is re-checked with one call: healthy headers win, and the load goes on', async () => {
    const { db } = await t.fresh()
    await plan(db)
    // The first JSearch call answers "monthly quota exceeded" with remaining 0; the gateway has plenty left.
    fakes.jsearch.inject({ fault: 'monthly-429', times: 1, path: '/search' })
    const notices: string[] = []
    const report = reportOf(
      await load(db, DAYS[0]!, { quotaRecheckMs: 10, onNotice: (m) => notices.push(m) }),
    )
    const js = report.sources.find((s) => s.source === 'jsearch')!
    expect(js.failures).toEqual([])
    expect(js.quotaCheck).toMatch(
      /^JSearch answered "monthly quota exceeded" once, but a check call found \d+ requests left: it was a passing refusal, and the load went on\.$/,
    )
    expect(notices).toContain(js.quotaCheck)
    const marks = await db
      .selectFrom('daily_marks')
      .select('title_key')
      .where('source', '=', 'jsearch')
      .execute()
    expect(marks).toHaveLength(9)

    // A run that ended on a 429: the next one checks once, finds the quota there, and loads everything.
    fakes.jsearch.inject({ fault: 'monthly-429', times: 2, path: '/search' })
    const spent = reportOf(await load(db, DAYS[1]!, { quotaRecheckMs: 10 }))
    expect(spent.sources.find((s) => s.source === 'jsearch')!.quotaCheck).toMatch(/confirmed by a check call/)
    const next = reportOf(await load(db, DAYS[2]!, { quotaRecheckMs: 10 }))
    const again = next.sources.find((s) => s.source === 'jsearch')!
    expect(again.skipped).toEqual([])
    expect(again.combinations).toBe(9)
  }, 60_000)
})

describeEachDialect('an API that never answers', (t) => {
  it('costs the run at most its deadline, says so while waiting, and keeps what the other source stored', async () => {
    const { db } = await t.fresh()
    await plan(db)
    fakes.jsearch.inject({ fault: 'hang', times: 10_000, path: '/search' })
    const notices: string[] = []
    const started = Date.now()
    const report = reportOf(
      await load(db, DAYS[0]!, {
        sourceDeadlineMs: 2000,
        onNotice: (m) => notices.push(m),
        ...fakeSources(fakes, db, {
          concurrency: 2,
          jsearch: { timeoutMs: 300, maxRetries: 3, backoffMs: 200 },
        }),
      }),
    )
    // Without the deadline: 9 combinations × 4 tries × 300 ms, plus backoffs; with it, about two seconds.
    expect(Date.now() - started).toBeLessThan(6000)
    expect(notices.some((n) => /^JSearch is not answering; retry 1 of 3 in \d+ ms\.$/.test(n))).toBe(true)
    expect(notices).toContain(
      'JSearch did not finish within the 2 s a run allows it: stopped for this run; what it delivered is stored, and the rest is asked for next time.',
    )
    const js = report.sources.find((s) => s.source === 'jsearch')!
    expect(js.failures.flatMap((f) => f.combinations)).toHaveLength(9)
    expect((await postings(db)).filter((p) => p.startsWith('activejobs:')).length).toBeGreaterThan(0)
    const jsMarks = await db
      .selectFrom('daily_marks')
      .select('title_key')
      .where('source', '=', 'jsearch')
      .execute()
    expect(jsMarks).toEqual([])

    // Once it answers again, the next load asks JSearch for the same window.
    fakes.jsearch.clearFaults()
    const next = reportOf(await load(db, DAYS[0]!.replace('05:00', '05:30')))
    expect(next.sources.find((s) => s.source === 'jsearch')!.failures).toEqual([])
  }, 60_000)
})

describeEachDialect('a backfill against an API that never answers', (t) => {
  it('stops that source at its deadline with a notice, keeps the other source’s jobs, and retries later', async () => {
    const { db } = await t.fresh()
    await plan(db)
    fakes.clock.set(DAYS[0]!)
    fakes.activeJobs.inject({ fault: 'hang', times: 10_000 })
    const notices: string[] = []
    const started = Date.now()
    const report = await runBackfill({
      db,
      clock: fakes.clock.now,
      sourceDeadlineMs: 1500,
      onEvent: (e) => e.type === 'notice' && notices.push(e.message),
      ...fakeSources(fakes, db, { activeJobs: { timeoutMs: 300, maxRetries: 3, backoffMs: 100 } }),
    })
    expect(Date.now() - started).toBeLessThan(6000)
    expect(notices.some((n) => /^Active Jobs DB is not answering; retry 1 of 3 in \d+ ms\.$/.test(n))).toBe(
      true,
    )
    expect(notices).toContain(
      'Active Jobs DB did not finish within the 2 s a run allows it: stopped for this run; what it delivered is stored, and the rest is asked for next time.',
    )
    const bySource = (source: string, status: string) =>
      report.outcomes.filter((o) => o.source === source && o.status === status).length
    expect(bySource('jsearch', 'done')).toBe(9)
    expect(bySource('activejobs', 'failed')).toBe(9)
    expect((await postings(db)).some((p) => p.startsWith('jsearch:'))).toBe(true)

    fakes.activeJobs.clearFaults()
    const again = await runBackfill({ db, clock: fakes.clock.now, ...fakeSources(fakes, db) })
    expect(again.outcomes.map((o) => `${o.source}:${o.status}`)).toEqual(Array(9).fill('activejobs:done'))
  }, 60_000)
})
