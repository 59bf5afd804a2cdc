import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { FakeClock } from '../../../../test/fakes/fake-clock'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { type TestRuntime, testRuntime } from '../../../../test/helpers/runtime'
import { DailyScheduler } from '../scheduler/daily-scheduler'
import { parseTimes } from '../scheduler/slots'

let fakes: Fakes
beforeAll(async () => {
  // 11:00 in Berlin: today's 06:00 has passed.
  fakes = await startFakes({ clock: new FakeClock('2026-11-28T10:00:00.000Z'), corpusSize: 1000 })
})
afterAll(() => fakes.stop())

describeEachDialect('saving a schedule whose time has passed today', (t) => {
  const open: TestRuntime[] = []
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close()
  })

  it('starts no paid load on its own: it asks "load now?", and loads when told', async () => {
    fakes.clock.set('2026-11-28T10:00:00.000Z')
    const a = await testRuntime(t, fakes)
    open.push(a)
    // At 11:00 the person sets the load to 07:00, which has passed today.
    const before = fakes.jsearch.log.length + fakes.activeJobs.log.length
    const saved = await a.call('settings/update', { schedule: { time: '07:00', timezone: 'Europe/Berlin' } })
    expect(saved.schedule.missedToday).toBe('The 07:00 load of today has not run — load now?')
    // The scheduler (started now, as at launch) and its periodic catch-up check leave the slot alone.
    await a.ctx.schedule.start()
    expect(await a.ctx.schedule.catchUp()).toBe(false)
    await a.ctx.daily.idle()
    expect(
      await a.ctx.handle.db.selectFrom('runs').select('id').where('kind', '=', 'daily').execute(),
    ).toEqual([])
    expect(fakes.jsearch.log.length + fakes.activeJobs.log.length).toBe(before)
    expect((await a.call('settings/get')).schedule.missedToday).toBe(
      'The 07:00 load of today has not run — load now?',
    )

    // "Load now": a manual load, and the question is answered.
    expect(await a.call('daily/run-now')).toMatchObject({ started: true })
    await a.ctx.daily.idle()
    expect((await a.call('settings/get')).schedule.missedToday).toBeNull()
  })

  it('does not ask when the time is still ahead today, or when the slot was due before the save', async () => {
    fakes.clock.set('2026-11-28T10:00:00.000Z')
    const a = await testRuntime(t, fakes)
    open.push(a)
    const later = await a.call('settings/update', { schedule: { time: '23:00', timezone: 'Europe/Berlin' } })
    expect(later.schedule.missedToday).toBeNull()
    // Saved before today's slot: a missed slot under it is caught up on start and on wake, as always.
    fakes.clock.set('2026-11-28T04:00:00.000Z')
    await a.call('settings/update', { schedule: { time: '06:00', timezone: 'Europe/Berlin' } })
    fakes.clock.set('2026-11-28T10:00:00.000Z')
    expect((await a.call('settings/get')).schedule.missedToday).toBeNull()
    const ran: string[] = []
    const scheduler = new DailyScheduler({
      db: a.ctx.handle.db,
      clock: fakes.clock.now,
      times: parseTimes('06:00'),
      timezone: 'Europe/Berlin',
      notBefore: new Date('2026-11-28T04:00:00.000Z'),
      runSlot: async (slot) => {
        ran.push(slot.key)
      },
    })
    expect(await scheduler.catchUp()).toBe(true)
    expect(ran).toEqual(['daily:2026-11-28T06:00@Europe/Berlin'])
    // A slot before the save is not caught up.
    const fresh = new DailyScheduler({
      db: a.ctx.handle.db,
      clock: fakes.clock.now,
      times: parseTimes('07:00'),
      timezone: 'Europe/Berlin',
      notBefore: new Date('2026-11-28T09:59:00.000Z'),
      runSlot: async (slot) => {
        ran.push(slot.key)
      },
    })
    expect(await fresh.catchUp()).toBe(false)
    expect(ran).toHaveLength(1)
  })
})
