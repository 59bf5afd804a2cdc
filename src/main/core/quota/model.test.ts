import type { Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FakeClock } from '../../../../test/fakes/fake-clock'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { fakeSources } from '../../../../test/helpers/sources'
import { runBackfill } from '../backfill/backfill'
import { runDailyLoad } from '../daily/daily-load'
import type { Database } from '../db/schema'
import { addQueries } from '../repos/queries-repo'
import { setSetting } from '../repos/settings-repo'
import { recordUsage } from '../repos/usage-repo'
import { upsertUser } from '../repos/users-repo'
import { owedBackfillCost } from './backfill-cost'
import { quotaModel } from './model'
import { periodModel } from './period'
import { whatIf } from './what-if'

const NOW = '2026-11-20T05:00:00.000Z'
const CONFIG = {
  dailyAt: '06:00',
  timezone: 'Europe/Berlin',
  scheduleFromEnvironment: false,
  activeJobsGeneration: 'legacy' as const,
  activeJobsBackfillWindow: '7d' as const,
}

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ clock: new FakeClock(NOW), corpusSize: 4000, jsearchRequestsLimit: 10_000 })
})
afterAll(() => fakes.stop())

async function plan(db: Kysely<Database>, email = 'a@example.com') {
  const user = await upsertUser(db, { email }, fakes.clock.now)
  await addQueries(
    db,
    user.id,
    ['Data Engineer', 'Data Scientist'].flatMap((title) =>
      ['Berlin', 'Hamburg'].map((location) => ({ title, location })),
    ),
    fakes.clock.now,
  )
}

/** One ledger row as the gateway would report it. */
function call(
  db: Kysely<Database>,
  values: { billed: number; limit: number; remaining: number; at?: string },
) {
  return recordUsage(db, {
    source: 'jsearch',
    endpoint: '/search',
    run_id: null,
    called_at: values.at ?? fakes.clock.now().toISOString(),
    status_code: 200,
    billed_requests: values.billed,
    billed_jobs: 0,
    requests_limit: values.limit,
    requests_remaining: values.remaining,
    requests_reset_at: new Date(fakes.clock.now().getTime() + 10 * 86_400_000).toISOString(),
    jobs_limit: null,
    jobs_remaining: null,
    jobs_reset_at: null,
    error: null,
  })
}

const jsearchOf = async (db: Kysely<Database>) =>
  (await quotaModel(db, { clock: fakes.clock.now })).sources.find((s) => s.source === 'jsearch')!

describeEachDialect('the quota model', (t) => {
  it('takes the limit from the gateway’s newest headers over Settings, and says which', async () => {
    const { db } = await t.fresh()
    await plan(db)
    fakes.clock.set(NOW)
    const byDefault = await jsearchOf(db)
    expect(byDefault).toMatchObject({
      limit: 200,
      limitFrom: 'default',
      used: 0,
      left: 200,
      leftFrom: 'ledger',
    })
    expect(byDefault.notes[0]).toBe(
      'No call has reported the plan yet: the limit of 200 requests comes from the default (JSearch BASIC).',
    )
    // The period ends with the calendar month when no call has said when it resets.
    expect(byDefault.periodEnd).toBe('2026-12-01T00:00:00.000Z')
    expect(byDefault.daysLeft).toBe(11)

    await setSetting(
      db,
      'plan.limits',
      { jsearch: { unit: 'requests', monthlyLimit: 1000 } },
      fakes.clock.now,
    )
    expect(await jsearchOf(db)).toMatchObject({ limit: 1000, limitFrom: 'settings', left: 1000 })

    // The gateway says 10,000 (a PRO plan): its word wins over Settings, everywhere.
    await call(db, { billed: 1, limit: 10_000, remaining: 9_999 })
    const fromGateway = await jsearchOf(db)
    expect(fromGateway).toMatchObject({
      limit: 10_000,
      limitFrom: 'gateway',
      used: 1,
      left: 9_999,
      leftFrom: 'gateway',
      otherUse: null,
    })
    expect(fromGateway.notes[0]).toBe('The limit of 10,000 requests is what the gateway last reported.')
    const projected = await whatIf(db, {}, { clock: fakes.clock.now, sources: ['jsearch'], config: CONFIG })
    expect(projected.sources.find((s) => s.source === 'jsearch')!.limit).toBe(10_000)
  })

  it('counts what other machines on the same key used: left is the gateway’s count, and it says so', async () => {
    const { db } = await t.fresh()
    await plan(db)
    fakes.clock.set(NOW)
    // This database made 5 requests; the gateway has counted 60 on the key.
    await call(db, { billed: 4, limit: 200, remaining: 150, at: '2026-11-20T04:00:00.000Z' })
    await call(db, { billed: 1, limit: 200, remaining: 140 })
    const q = await jsearchOf(db)
    expect(q).toMatchObject({ used: 5, left: 140, leftFrom: 'gateway', otherUse: 55 })
    expect(q.notes).toContain(
      "The gateway counts 55 requests more than this database recorded: other machines or apps use the same key. What is left is the gateway's count.",
    )
    // The reset is the gateway's: 10 days from now.
    expect(q.daysLeft).toBe(10)
    expect(q.reserve).toBeGreaterThan(0)
    expect(q.reserve).toBeLessThanOrEqual(Math.ceil(200 * 0.1))
  })

  it('the daily report, the Quota model and the what-if agree on the limit, what is left and the verdict', async () => {
    const { db } = await t.fresh()
    await plan(db)
    fakes.clock.set(NOW)
    await runBackfill({ db, clock: fakes.clock.now, ...fakeSources(fakes, db) })
    fakes.clock.advance(86_400_000)
    const outcome = await runDailyLoad({
      db,
      clock: fakes.clock.now,
      trigger: 'test',
      ...fakeSources(fakes, db),
    })
    if (outcome.status !== 'ran') throw new Error(outcome.status)
    const model = await periodModel(db, {
      clock: fakes.clock.now,
      sources: ['jsearch', 'activejobs'],
      loadsPerDay: 1,
      activeJobs: CONFIG,
    })
    for (const s of outcome.report.sources) {
      const q = model.sources.find((m) => m.source === s.source)!
      expect(s.quota).toMatchObject({
        limit: q.limit,
        remaining: q.left,
        usedThisPeriod: q.used,
        projectedMonthly: q.projected,
        verdict: q.verdictText,
        limitFrom: 'gateway',
      })
    }
    const js = model.sources.find((m) => m.source === 'jsearch')!
    expect(js.limit).toBe(10_000)
    expect(js.verdict).toBe('comfortable')
    expect(js.verdictText).toMatch(
      /^comfortable: the plan of calls needs about \d+ of the [\d,]+ requests that can be spent by \d{4}-\d{2}-\d{2}$/,
    )
    const projected = await whatIf(db, {}, { clock: fakes.clock.now, sources: ['jsearch'], config: CONFIG })
    expect(projected.sources.find((s) => s.source === 'jsearch')!.limit).toBe(js.limit)
  })

  it('says short, with what is late and what would cover it, when the plan cannot', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await plan(db, 'b@example.com')
    fakes.clock.set(NOW)
    await call(db, { billed: 190, limit: 200, remaining: 3 })
    const q = await jsearchOf(db)
    expect(q.verdict).toBe('short')
    expect(q.verdictText).toMatch(
      /^short: on time, everything needs about \d+ requests by \d{4}-\d{2}-\d{2}, and 0 can be spent; lower priorities wait/,
    )
    expect(q.plan.advice).toMatch(/A plan of about [\d,]+ requests a month/)
    expect(q.projected).toBeLessThanOrEqual(q.used + q.left)
  })

  it('the card and What if… project one figure by the reset, the backfill still owed included', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await plan(db, 'b@example.com')
    fakes.clock.set(NOW)
    await call(db, { billed: 20, limit: 200, remaining: 180 })
    const context = { clock: fakes.clock.now, sources: ['jsearch', 'activejobs'] as const, config: CONFIG }
    const terms = { ...context, loadsPerDay: 1, activeJobs: CONFIG }
    const card = await periodModel(db, terms)
    const owed = await owedBackfillCost(db, { ...terms, knobs: { backfillDepthDays: 30, backfillPages: 5 } })
    // Four combinations nobody has fetched: each owes a JSearch backfill call of five pages.
    expect(owed.jsearch.requests).toBeGreaterThan(0)
    const dailyOnly = (await quotaModel(db, { clock: fakes.clock.now, loadsPerDay: 1 })).sources
    const projected = await whatIf(db, {}, context)
    for (const q of card.sources) {
      const other = dailyOnly.find((d) => d.source === q.source)!
      expect(q.projected, q.source).toBe(other.projected + Math.round(owed[q.source][q.unit]))
      const shown = projected.sources.find((s) => s.source === q.source)!
      expect(shown.byReset.now[q.unit], q.source).toBe(q.projected)
      expect(shown.byReset.now.verdict).toBe(q.verdict)
      // Nothing changed: the what-if column is the same figure.
      expect(shown.byReset.whatIf).toEqual(shown.byReset.now)
    }
    const js = card.sources.find((s) => s.source === 'jsearch')!
    expect(js.notes).toContain(
      `The projection includes about ${owed.jsearch.requests} requests for the backfill still owed.`,
    )

    // A deeper, longer backfill than the plan has left for: short, over the plan, and it says why.
    const deep = await whatIf(db, { backfillPages: 20, backfillDepthDays: 180 }, context)
    const deepJs = deep.sources.find((s) => s.source === 'jsearch')!
    expect(deepJs.byReset.whatIf.requests).toBeGreaterThan(deepJs.byReset.now.requests)
    // A source that is off owes nothing and is not planned.
    const off = await periodModel(db, { ...terms, sources: ['jsearch'] })
    const aj = off.sources.find((s) => s.source === 'activejobs')!
    expect(aj.projected).toBe(aj.used)
  })

  it('says short when the backfill owed takes the projection over the plan', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await plan(db, 'b@example.com')
    fakes.clock.set(NOW)
    // 5 requests left this period; four combinations owe a backfill of 20 pages each.
    await call(db, { billed: 195, limit: 200, remaining: 5 })
    await setSetting(
      db,
      'quota.knobs',
      { backfillDepthDays: 30, backfillPages: 20, dailyPages: 10, maxDelayDays: 3, highPriority: 8 },
      fakes.clock.now,
    )
    const model = await periodModel(db, {
      clock: fakes.clock.now,
      sources: ['jsearch'],
      loadsPerDay: 1,
      activeJobs: CONFIG,
    })
    const js = model.sources.find((s) => s.source === 'jsearch')!
    expect(js.projected).toBeGreaterThan(js.limit)
    expect(js.verdict).toBe('short')
  })
})
