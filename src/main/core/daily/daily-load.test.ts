import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { fakeSources } from '../../../../test/helpers/sources'
import type { Database } from '../db/schema'
import { PLAN_LIMITS_SETTING } from '../quota/plan-limits'
import { MIN_PRIORITY_SETTING } from '../repos/knobs-repo'
import { addQueries } from '../repos/queries-repo'
import { setSetting } from '../repos/settings-repo'
import { recordUsage } from '../repos/usage-repo'
import { upsertUser } from '../repos/users-repo'
import { runDailyLoad } from './daily-load'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 12_000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  for (const fake of [fakes.jsearch, fakes.activeJobs]) {
    fake.log.length = 0
    fake.used.clear()
    fake.clearFaults()
  }
})

function options(db: Kysely<Database>) {
  return { db, clock: fakes.clock.now, trigger: 'test', ...fakeSources(fakes, db) }
}

/** The earlier service's example: 8 query rows, 5 unique combinations. */
async function eightRows(db: Kysely<Database>) {
  const clock = fakes.clock.now
  const a = await upsertUser(db, { email: 'a@example.com' }, clock)
  const b = await upsertUser(db, { email: 'b@example.com' }, clock)
  const c = await upsertUser(db, { email: 'c@example.com' }, clock)
  await addQueries(
    db,
    a.id,
    ['Engineer', 'Data Scientist'].flatMap((title) =>
      ['Berlin', 'Hamburg'].map((location) => ({ title, location })),
    ),
    clock,
  )
  await addQueries(
    db,
    b.id,
    [
      { title: 'engineer', location: 'Berlin' },
      { title: 'Engineer', location: 'München' },
    ],
    clock,
  )
  await addQueries(
    db,
    c.id,
    [
      { title: 'Data Scientist', location: 'Berlin' },
      { title: 'Engineer', location: 'Hamburg' },
    ],
    clock,
  )
  return { a, b, c }
}

describeEachDialect('the daily load', (t) => {
  it('asks once per unique combination and reports what sharing saved, what it fetched and the quota', async () => {
    const { db } = await t.fresh()
    const { a, b } = await eightRows(db)
    const notices: Array<{ userId: number; newJobs: number }> = []
    const outcome = await runDailyLoad({ ...options(db), onNewJobs: (n) => notices.push(n) })
    expect(outcome.status).toBe('ran')
    const report = outcome.status === 'ran' ? outcome.report : undefined!
    expect(report).toMatchObject({
      totalQueryRows: 8,
      uniqueCombinations: 5,
      callsSavedBySharing: 3,
      callsSavedPercent: 37.5,
    })
    expect(fakes.jsearch.log).toHaveLength(5)
    expect(fakes.jsearch.log.every((r) => r.query.date_posted === 'today')).toBe(true)
    // The 24 hours, and once a day the list of yesterday's expired jobs (one request, no jobs billed).
    expect(fakes.activeJobs.log.filter((r) => r.path !== '/active-ats-24h').map((r) => r.path)).toEqual([
      '/active-ats-expired',
    ])
    expect(report.expired).toMatchObject({ note: null })
    expect(report.jobsFetched).toBeGreaterThan(0)
    expect(report.jobsNew).toBe(
      await db
        .selectFrom('jobs')
        .select('id')
        .execute()
        .then((r) => r.length),
    )
    const js = report.sources.find((s) => s.source === 'jsearch')!
    expect(js).toMatchObject({
      combinations: 5,
      billedRequests: 5,
      quota: { unit: 'requests', usedThisRun: 5, limit: 200, remaining: 195 },
    })
    expect(js.quota.verdict).toMatch(/^(comfortable|tight|will run out)/)
    const aj = report.sources.find((s) => s.source === 'activejobs')!
    expect(aj.quota).toMatchObject({ unit: 'jobs', limit: 20_000, usedThisRun: aj.billedJobs })
    expect(notices.map((n) => n.userId).sort()).toEqual(expect.arrayContaining([a.id, b.id]))
    const run = await db.selectFrom('runs').selectAll().executeTakeFirstOrThrow()
    expect(run).toMatchObject({ kind: 'daily', status: 'success', jobs_new: report.jobsNew })
    expect(JSON.parse(run.report_json!).callsSavedBySharing).toBe(3)
  })

  it('runs a scheduled slot once, however many processes start it', async () => {
    const { db } = await t.fresh()
    await eightRows(db)
    const slot = 'daily:2026-11-28T06:00@Europe/Berlin'
    const [one, two] = await Promise.all([
      runDailyLoad({ ...options(db), slotKey: slot }),
      runDailyLoad({ ...options(db), slotKey: slot }),
    ])
    expect([one.status, two.status].sort()).toEqual(['ran', 'slot-taken'])
    expect(fakes.jsearch.log).toHaveLength(5)
  })

  it('does not call a source whose quota is spent, and loads the highest priorities first when it runs short', async () => {
    const { db } = await t.fresh()
    await eightRows(db)
    await db
      .updateTable('user_search_queries')
      .set({ priority: 9 })
      .where('title_key', '=', 'data scientist')
      .execute()
    const base = {
      endpoint: '/search',
      run_id: null,
      status_code: 200,
      billed_requests: 1,
      billed_jobs: 0,
      jobs_limit: null,
      jobs_remaining: null,
      jobs_reset_at: null,
      error: null,
    }
    const reset = new Date(fakes.clock.now().getTime() + 5 * 86_400_000).toISOString()
    // JSearch reported 2 requests left; Active Jobs DB reported its jobs quota spent.
    await recordUsage(db, {
      ...base,
      source: 'jsearch',
      called_at: fakes.clock.now().toISOString(),
      requests_limit: 200,
      requests_remaining: 2,
      requests_reset_at: reset,
    })
    await recordUsage(db, {
      ...base,
      source: 'activejobs',
      called_at: fakes.clock.now().toISOString(),
      requests_limit: 20000,
      requests_remaining: 19000,
      requests_reset_at: reset,
      jobs_limit: 20000,
      jobs_remaining: 0,
      jobs_reset_at: reset,
    })
    // The last answer said the jobs are spent: one check call first, which the gateway refuses too.
    fakes.activeJobs.inject({ fault: 'monthly-429', times: 1 })
    const outcome = await runDailyLoad(options(db))
    const report = outcome.status === 'ran' ? outcome.report : undefined!
    // The check call only: not the expired list either, which costs a request.
    expect(fakes.activeJobs.log).toHaveLength(1)
    expect(report.expired?.note).toMatch(/^Active Jobs DB's list of expired jobs was not asked for/)
    const aj = report.sources.find((s) => s.source === 'activejobs')!
    expect(aj.skipped).toHaveLength(5)
    expect(aj.skipped[0]!.reason).toMatch(
      /^Active Jobs DB monthly quota exhausted; resets in \d+ days \(confirmed by a check call\); not called$/,
    )
    expect(aj.quotaCheck).toMatch(/confirmed by a check call/)
    const js = report.sources.find((s) => s.source === 'jsearch')!
    // Two requests for five days are spread: one today, for the highest priority; the rest wait.
    expect(fakes.jsearch.log.map((r) => r.query.query).sort()).toEqual(['Data Scientist in Berlin'])
    expect(js.skipped.map((s) => s.combination).sort()).toEqual([
      'Data Scientist in Hamburg',
      'Engineer in Berlin',
      'Engineer in Hamburg',
      'Engineer in München',
    ])
    expect(js.skipped[0]!.reason).toMatch(/JSearch has 2 requests left for 5 days/)
    expect(js.advice).toMatch(/A plan of about [\d,]+ requests a month/)
    // The windows name only what was asked for; the waiting combinations are the skipped ones.
    expect(js.windows.flatMap((w) => w.combinations).sort()).toEqual(['Data Scientist in Berlin'])
    expect(aj.windows).toEqual([])
  })

  it('records failed combinations with their reason and keeps every job it received', async () => {
    const { db } = await t.fresh()
    await eightRows(db)
    fakes.jsearch.inject({ fault: '500', times: 40, path: '/search' })
    fakes.jsearch.clearFaults()
    fakes.jsearch.inject({ fault: 'malformed', times: 1 })
    const outcome = await runDailyLoad({
      ...options(db),
      sourcesFor: (runId) => options(db).sourcesFor(runId),
    })
    const report = outcome.status === 'ran' ? outcome.report : undefined!
    const js = report.sources.find((s) => s.source === 'jsearch')!
    expect(js.failures).toHaveLength(1)
    expect(js.failures[0]!.reason).toMatch(/not JSON/)
    const stored = await db.selectFrom('jobs').select('id').execute()
    expect(stored.length).toBe(report.jobsNew)
    expect((await db.selectFrom('runs').select('status').executeTakeFirstOrThrow()).status).toBe('partial')
  })

  it('reads the priority threshold and the plan limits from the settings', async () => {
    const { db } = await t.fresh()
    await eightRows(db)
    await db
      .updateTable('user_search_queries')
      .set({ priority: 2 })
      .where('title_key', '=', 'engineer')
      .execute()
    await setSetting(db, MIN_PRIORITY_SETTING, 3, fakes.clock.now)
    await setSetting(
      db,
      PLAN_LIMITS_SETTING,
      { activejobs: { unit: 'jobs', monthlyLimit: 5000 } },
      fakes.clock.now,
    )
    const outcome = await runDailyLoad(options(db))
    const report = outcome.status === 'ran' ? outcome.report : undefined!
    expect(report.uniqueCombinations).toBe(2) // only the Data Scientist rows are at priority 3 or more
    expect(fakes.jsearch.log.map((r) => r.query.query).sort()).toEqual([
      'Data Scientist in Berlin',
      'Data Scientist in Hamburg',
    ])
    // The gateway's headers win over the setting once a call has reported them.
    const aj = report.sources.find((s) => s.source === 'activejobs')!
    expect(aj.quota.limit).toBe(20_000)
  })
})
