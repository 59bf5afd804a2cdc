import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { fakeSources } from '../../../../test/helpers/sources'
import { addLocation } from '../plan/plan-edits'
import { addQueries } from '../repos/queries-repo'
import { upsertUser } from '../repos/users-repo'
import { BackgroundBackfill, type BackgroundEvent } from './background'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 3000, latencyMs: 50 })
})
afterAll(() => fakes.stop())

describeEachDialect('backfills in the background', (t) => {
  it('run after an import and after plan changes, coalesce requests, and report progress', async () => {
    const { db } = await t.fresh()
    const clock = fakes.clock.now
    const events: BackgroundEvent[] = []
    const background = new BackgroundBackfill({ db, clock, ...fakeSources(fakes, db) }, (e) => events.push(e))
    const user = await upsertUser(db, { email: 'a@example.com' }, clock)
    await addQueries(db, user.id, [{ title: 'Engineer', location: 'Berlin' }], clock)

    const afterImport = background.request('cv-import')
    // Three plan edits while it runs: one more backfill covers all of them.
    for (const place of ['Hamburg', 'München', 'Köln']) {
      await addLocation(db, user.id, place, ['jsearch', 'activejobs'], clock)
      void background.request('plan-change')
    }
    await afterImport
    await background.idle()

    const finished = events.filter((e) => e.type === 'backfill-finished')
    expect(finished).toHaveLength(2)
    const done = events.filter((e) => e.type === 'combination-finished')
    expect(done).toHaveLength(8) // 4 combinations × 2 sources, each once
    expect(events.some((e) => e.type === 'progress')).toBe(true)
    const tracking = await db.selectFrom('backfill_tracking').select('status').execute()
    expect(tracking.map((r) => r.status)).toEqual(Array(8).fill('done'))
    const runs = await db.selectFrom('runs').select('trigger').orderBy('id').execute()
    expect(runs.map((r) => r.trigger)).toEqual(['cv-import', 'plan-change'])
  })
})
