import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { fakeSources } from '../../../../test/helpers/sources'
import { runBackfill } from '../backfill/backfill'
import { runDailyLoad } from '../daily/daily-load'
import type { Database } from '../db/schema'
import { writeKnobs } from '../repos/knobs-repo'
import { addQueries } from '../repos/queries-repo'
import { setSetting } from '../repos/settings-repo'
import { upsertUser } from '../repos/users-repo'
import { DailyScheduler } from '../scheduler/daily-scheduler'
import { parseTimes } from '../scheduler/slots'
import { parseWhatIf, whatIf } from './what-if'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 3000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  fakes.clock.set('2026-11-28T06:00:00.000Z')
  fakes.jsearch.log.length = 0
  fakes.activeJobs.log.length = 0
})

const CONFIG = {
  dailyAt: '06:00',
  timezone: 'Europe/Berlin',
  scheduleFromEnvironment: false,
  activeJobsGeneration: 'legacy' as const,
  activeJobsBackfillWindow: '7d' as const,
}

async function plan(
  db: Kysely<Database>,
  email = 'a@example.com',
  rows = [
    ['Data Engineer', 'Berlin'],
    ['Data Scientist', 'Berlin'],
  ],
) {
  const user = await upsertUser(db, { email }, fakes.clock.now)
  await addQueries(
    db,
    user.id,
    rows.map(([title, location]) => ({ title: title!, location: location! })),
    fakes.clock.now,
  )
  return user
}

describeEachDialect('the quota knobs', (t) => {
  it('backfill depth: every source asks for the smallest window that covers it, and keeps only that much', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await writeKnobs(db, { backfillDepthDays: 3 }, fakes.clock.now)
    await runBackfill({ db, clock: fakes.clock.now, ...fakeSources(fakes, db) })
    expect(new Set(fakes.jsearch.log.map((r) => r.query.date_posted))).toEqual(new Set(['3days']))
    const since = '2026-11-25T06:00:00'
    expect(fakes.activeJobs.log.map((r) => [r.path, r.query.date_filter])).toContainEqual([
      '/active-ats-7d',
      since,
    ])
    const oldest = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('posted_at').as('oldest'))
      .executeTakeFirstOrThrow()
    expect(String(oldest.oldest) >= '2026-11-25').toBe(true)

    const { db: deep } = await t.fresh()
    await plan(deep)
    fakes.jsearch.log.length = 0
    await runBackfill({ db: deep, clock: fakes.clock.now, ...fakeSources(fakes, deep) }) // default: 30 days
    expect(new Set(fakes.jsearch.log.map((r) => r.query.date_posted))).toEqual(new Set(['month']))
    expect(await deep.selectFrom('jobs').select('id').execute()).not.toHaveLength(0)
  })

  it('pages per query: a backfill and a daily load ask for at most that many pages, billed as each API bills', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await writeKnobs(db, { backfillPages: 2, dailyPages: 3 }, fakes.clock.now)
    const nextMorning = async () => {
      fakes.jsearch.log.length = 0
      fakes.clock.advance(86_400_000)
      await runDailyLoad({
        db,
        clock: fakes.clock.now,
        trigger: 'test',
        maxDelayDays: 0,
        ...fakeSources(fakes, db),
      })
    }
    await runBackfill({ db, clock: fakes.clock.now, ...fakeSources(fakes, db) })
    expect(new Set(fakes.jsearch.log.map((r) => r.query.num_pages))).toEqual(new Set(['2']))
    // One batch of two combinations: at most 2 pages each.
    expect(fakes.activeJobs.log.length).toBeLessThanOrEqual(4)

    await nextMorning()
    // Quiet combinations: one page each is enough.
    expect(fakes.jsearch.log.map((r) => [r.query.num_pages, r.billedRequests])).toEqual([
      ['1', 1],
      ['1', 1],
    ])
    // The last answers filled three pages a day: ten pages (billed as two) reach more per request; the
    // knob allows 3.
    await db
      .updateTable('daily_marks')
      .set({ last_call_json: JSON.stringify({ returned: 30, capacity: 30, windowDays: 1 }) })
      .where('source', '=', 'jsearch')
      .execute()
    await nextMorning()
    expect(fakes.jsearch.log.map((r) => [r.query.num_pages, r.billedRequests])).toEqual([
      ['3', 2],
      ['3', 2],
    ])
    const billed = await db
      .selectFrom('api_usage')
      .select((eb) => eb.fn.sum<number | string>('billed_requests').as('n'))
      .where('source', '=', 'jsearch')
      .where('called_at', '>=', fakes.clock.now().toISOString())
      .executeTakeFirstOrThrow()
    expect(Number(billed.n)).toBe(4)
  })

  it('several daily loads: each asks for the time since the previous load, once per slot across instances', async () => {
    const { db } = await t.fresh()
    await plan(db)
    const runs: string[] = []
    const scheduler = () =>
      new DailyScheduler({
        db,
        clock: fakes.clock.now,
        times: parseTimes('06:00,18:00'),
        timezone: 'Europe/Berlin',
        runSlot: async (slot, trigger) => {
          runs.push(slot.key)
          await runDailyLoad({
            db,
            clock: fakes.clock.now,
            trigger,
            slotKey: slot.key,
            slotsPerDay: 2,
            ...fakeSources(fakes, db),
          })
        },
      })
    const [first, second] = [scheduler(), scheduler()]
    const filters = () => fakes.activeJobs.listings.map((r) => [r.path, r.query.date_filter])

    fakes.clock.set('2026-11-28T05:30:00.000Z') // 06:30 in Berlin, no load yet: the last 24 hours
    expect(await first.catchUp()).toBe(true)
    expect(filters()).toEqual([['/active-ats-24h', undefined]])

    fakes.activeJobs.log.length = 0
    fakes.clock.set('2026-11-28T17:30:00.000Z') // 18:30: the 18:00 load asks only for what was posted since 06:30
    expect(await first.catchUp()).toBe(true)
    expect(await second.catchUp()).toBe(false) // another instance on the same database: the slot is done
    expect(filters()).toEqual([['/active-ats-24h', '2026-11-28T05:30:00']])

    fakes.activeJobs.log.length = 0
    fakes.clock.set('2026-11-29T05:45:00.000Z') // 06:45 the next morning
    expect(await second.catchUp()).toBe(true)
    expect(filters()).toEqual([['/active-ats-24h', '2026-11-28T17:30:00']])
    expect(runs).toEqual([
      'daily:2026-11-28T06:00@Europe/Berlin',
      'daily:2026-11-28T18:00@Europe/Berlin',
      'daily:2026-11-29T06:00@Europe/Berlin',
    ])
    expect(first.describe()).toMatch(
      /^Daily loads at 06:00 and 18:00 Europe\/Berlin; next run 2026-11-29 18:00/,
    )
  })

  it('what-if: projects the month for everyone’s plans from the recorded yield, and saves nothing', async () => {
    const { db } = await t.fresh()
    await plan(db, 'a@example.com')
    await plan(db, 'b@example.com', [
      ['Data Engineer', 'Berlin'],
      ['ML Engineer', 'Hamburg'],
    ])
    await runBackfill({ db, clock: fakes.clock.now, ...fakeSources(fakes, db) })
    const context = { clock: fakes.clock.now, sources: ['jsearch', 'activejobs'] as const, config: CONFIG }

    const base = await whatIf(db, {}, context)
    expect(base).toMatchObject({ rows: 4, combinations: 3, dailyNow: 3, pendingBackfill: 0 })
    const js = (r: typeof base) => r.sources.find((s) => s.source === 'jsearch')!
    const aj = (r: typeof base) => r.sources.find((s) => s.source === 'activejobs')!
    // Every combination loaded every day: 3 × 30 loads, each one page (1 request) or ten (2 requests).
    const daily = await whatIf(db, parseWhatIf('delay=0'), context)
    expect(js(daily).whatIf.requests).toBeGreaterThanOrEqual(90)
    expect(js(daily).whatIf.requests).toBeLessThanOrEqual(180)
    // The plan of calls asks these priority-5 combinations every 3 days: a third of the loads, at most
    // two requests each.
    expect(js(base).now.requests).toBeLessThanOrEqual(Math.round(js(daily).whatIf.requests / 3) + 30)
    expect(js(base).now.requests).toBeLessThan(js(daily).whatIf.requests)
    expect(js(base).now).toMatchObject({ backfill: { requests: 0 } })
    expect(js(base).whatIf).toEqual(js(base).now)
    expect(aj(base).now.jobs).toBeGreaterThan(0)
    // Priority 8 and up is loaded every day: with everything at priority 1 or more high, as with no delay.
    expect(js(await whatIf(db, parseWhatIf('high=1'), context)).whatIf).toEqual(js(daily).whatIf)

    const twice = await whatIf(db, parseWhatIf('high=1,times=06:00,18:00'), context)
    expect(js(twice).whatIf.requests).toBe(2 * js(daily).whatIf.requests)
    expect(aj(twice).whatIf.requests).toBe(2 * aj(twice).now.requests)
    // Each load asks only for the time since the previous one: the jobs billed stay the same.
    expect(Math.abs(aj(twice).whatIf.jobs - aj(twice).now.jobs)).toBeLessThanOrEqual(1)

    // One page a day at most: JSearch bills one request per load.
    const onePage = await whatIf(db, parseWhatIf('daily-pages=1,delay=0'), context)
    expect(js(onePage).whatIf.requests).toBe(90)

    await setSetting(db, 'daily.minPriority', 0, fakes.clock.now)
    await db
      .updateTable('user_search_queries')
      .set({ priority: 2 })
      .where('title_key', '=', 'ml engineer')
      .execute()
    const threshold = await whatIf(db, parseWhatIf('priority=3,daily-pages=1,delay=0'), context)
    expect(threshold.dailyWhatIf).toBe(2)
    expect(js(threshold).whatIf.requests).toBe(60)

    // A new combination still owed a backfill: deeper and more pages cost more, now, before anything is saved.
    await plan(db, 'c@example.com', [['Product Manager', 'Munich']])
    const owed = await whatIf(db, parseWhatIf('depth=14,pages=3'), context)
    expect(owed.pendingBackfill).toBe(2)
    expect(js(owed).now.backfill.requests).toBe(2) // 5 pages: one call billed 2
    expect(js(owed).whatIf.backfill.requests).toBe(2)
    const shallow = await whatIf(db, parseWhatIf('pages=1'), context)
    expect(js(shallow).whatIf.backfill.requests).toBe(1)
    expect((await whatIf(db, {}, context)).settingsNow).toMatchObject({
      backfillDepthDays: 30,
      backfillPages: 5,
      times: '06:00',
    })
  })
})

it('reads what-if changes, and refuses bad ones in one line', () => {
  expect(parseWhatIf('depth=14,pages=3,times=06:00,18:00')).toEqual({
    backfillDepthDays: 14,
    backfillPages: 3,
    times: '06:00,18:00',
  })
  expect(parseWhatIf('times=18:00,6:00,priority=4,daily-pages=2')).toEqual({
    times: '06:00,18:00',
    minPriority: 4,
    dailyPages: 2,
  })
  expect(() => parseWhatIf('deep=14')).toThrow(
    'Unknown what-if "deep": use depth, pages, daily-pages, delay, high, times or priority.',
  )
  expect(() => parseWhatIf('depth=0')).toThrow(/^--what-if depth: /)
  expect(() => parseWhatIf('times=25:00')).toThrow('"25:00" is not a time of day: use HH:MM, such as 06:00.')
  expect(() => parseWhatIf('depth=14,18:00')).toThrow(
    '"18:00" in --what-if has no name: write name=value, such as depth=14.',
  )
})
