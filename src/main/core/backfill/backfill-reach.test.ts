import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { z } from 'zod'
import { ACTIVEJOBS_BASIC_KEY, ACTIVEJOBS_FAKE_KEY } from '../../../../test/fakes/activejobs-fake'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { activeJobsAgainst } from '../../../../test/helpers/sources'
import type { Database } from '../db/schema'
import { addQueries } from '../repos/queries-repo'
import { getSetting, setSetting } from '../repos/settings-repo'
import { upsertUser } from '../repos/users-repo'
import type { CallRecord } from '../sources/rapidapi-gateway'
import { runBackfill } from './backfill'
import { backfillReach, REACH_SETTING, settingsReachStore } from './backfill-reach'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 3000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  fakes.activeJobs.log.length = 0
})

async function plan(db: Kysely<Database>) {
  const user = await upsertUser(db, { email: 'a@example.com' }, fakes.clock.now)
  await addQueries(db, user.id, [{ title: 'Data Engineer', location: 'Berlin' }], fakes.clock.now)
}

function backfill(
  db: Kysely<Database>,
  apiKey: string,
  backfillWindow: '7d' | '6m' | 'auto' = 'auto',
  generation: 'legacy' | '2026' = '2026',
) {
  const calls: CallRecord[] = []
  return runBackfill({
    db,
    clock: fakes.clock.now,
    sourceIds: ['activejobs'],
    sourcesFor: () => [
      activeJobsAgainst(fakes, calls, {
        apiKey,
        backfillWindow,
        generation,
        reach: settingsReachStore(db, fakes.clock.now),
      }),
    ],
  })
}

const saved = (db: Kysely<Database>) =>
  getSetting(db, REACH_SETTING, z.object({ window: z.string(), how: z.string() }).nullable(), null)
/** The windows asked: the 2026 API's time frames. */
const paths = () => fakes.activeJobs.log.map((r) => r.query.time_frame ?? r.path)
const AUTO = { activeJobsBackfillWindow: 'auto', activeJobsGeneration: '2026' } as const

describeEachDialect('how far back an Active Jobs DB backfill reaches', (t) => {
  it('finds the 6-month window with one cheap call, remembers it, and reaches the month', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await backfill(db, ACTIVEJOBS_FAKE_KEY)
    // One check call for a title nobody posts (no job billed), then the backfill from the 6-month window.
    expect(fakes.activeJobs.log[0]).toMatchObject({ path: '/active-ats', status: 200, billedJobs: 0 })
    expect(fakes.activeJobs.log[0]!.query).toMatchObject({
      time_frame: '6m',
      title: '"job monitor depth check"',
    })
    expect(paths().slice(1).length).toBeGreaterThan(0)
    expect(
      paths()
        .slice(1)
        .every((p) => p === '6m'),
    ).toBe(true)
    // The month from the 6-month window, by posting date: only the month is billed.
    expect(fakes.activeJobs.log[1]!.query.date_posted_gte).toBeDefined()
    expect(await saved(db)).toMatchObject({ window: '6m', how: 'probe' })
    expect((await backfillReach(db, AUTO, 30)).text).toBe(
      'Backfills reach 30 days back on both sources (your plan has the 6-month window).',
    )
  })

  it('on a plan without it: the check is refused, 7 days are remembered, and the grid says 7 days', async () => {
    const { db } = await t.fresh()
    await plan(db)
    expect((await backfillReach(db, AUTO, 30)).text).toBe(
      'Backfills reach 30 days back on JSearch; on Active Jobs DB 7 days, or 30 if your plan has the 6-month window (found out with one call at the first backfill).',
    )
    await backfill(db, ACTIVEJOBS_BASIC_KEY)
    expect(fakes.activeJobs.log[0]).toMatchObject({ path: '/active-ats', status: 401 })
    expect(paths()).toEqual(['6m', '7d'])
    expect(await saved(db)).toMatchObject({ window: '7d', how: 'probe' })
    const reach = await backfillReach(db, AUTO, 30)
    expect(reach).toEqual({
      activeJobsDays: 7,
      text: 'Backfills reach 30 days back on JSearch and 7 days on Active Jobs DB (your plan has no 6-month window).',
    })
    // Remembered: the next backfill asks no question.
    fakes.activeJobs.log.length = 0
    await db.deleteFrom('backfill_tracking').execute()
    await backfill(db, ACTIVEJOBS_BASIC_KEY)
    expect(paths()).toEqual(['7d'])
  })

  it('a plan that stopped allowing it refuses the window mid-backfill: 7 days, remembered, nothing lost', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await setSetting(
      db,
      REACH_SETTING,
      { window: '6m', how: 'probe', at: fakes.clock.now().toISOString() },
      fakes.clock.now,
    )
    const outcomes = await backfill(db, ACTIVEJOBS_BASIC_KEY)
    expect(paths()).toEqual(['6m', '7d'])
    expect(outcomes.outcomes.every((o) => o.status === 'done')).toBe(true)
    expect(await saved(db)).toMatchObject({ window: '7d', how: 'refused' })
    expect((await backfillReach(db, AUTO, 30)).text).toMatch(
      /7 days on Active Jobs DB \(your plan refused the 6-month window\)\.$/,
    )
  })

  it('an explicit ACTIVEJOBS_BACKFILL_WINDOW is used as it is, with no check call', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await backfill(db, ACTIVEJOBS_FAKE_KEY, '7d')
    expect(paths()).toEqual(['7d'])
    expect(await saved(db)).toBeNull()
    expect((await backfillReach(db, { ...AUTO, activeJobsBackfillWindow: '7d' }, 30)).text).toBe(
      'Backfills reach 30 days back on JSearch and 7 days on Active Jobs DB (set by ACTIVEJOBS_BACKFILL_WINDOW).',
    )
    expect((await backfillReach(db, { ...AUTO, activeJobsBackfillWindow: '7d' }, 7)).text).toBe(
      'Backfills reach 7 days back on both sources.',
    )
  })

  it('on the legacy API, `auto` keeps to 7 days: its 6-month window would bill six months of jobs', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await backfill(db, ACTIVEJOBS_FAKE_KEY, 'auto', 'legacy')
    expect(fakes.activeJobs.log.map((r) => r.path)).toEqual(['/active-ats-7d'])
    expect(await saved(db)).toBeNull()
    expect(
      (await backfillReach(db, { activeJobsBackfillWindow: 'auto', activeJobsGeneration: 'legacy' }, 30))
        .text,
    ).toMatch(/7 days on Active Jobs DB \(its legacy 6-month window has no date filter/)
  })
})
