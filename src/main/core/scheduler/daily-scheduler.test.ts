import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { JSEARCH_FAKE_KEY } from '../../../../test/fakes/jsearch-fake'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { runDailyLoad } from '../daily/daily-load'
import type { Database } from '../db/schema'
import { addQueries } from '../repos/queries-repo'
import { closeInterruptedRuns } from '../repos/runs-repo'
import { upsertUser } from '../repos/users-repo'
import { JsearchSource } from '../sources/jsearch/jsearch-client'
import { DailyScheduler } from './daily-scheduler'
import { parseTimeOfDay } from './slots'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 2000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  fakes.jsearch.log.length = 0
  fakes.jsearch.clearFaults()
  fakes.clock.set('2026-11-28T09:30:00.000Z') // 10:30 in Berlin: the 06:00 slot has passed
})

function scheduler(db: Kysely<Database>, apiKey = JSEARCH_FAKE_KEY) {
  const messages: string[] = []
  const s = new DailyScheduler({
    db,
    clock: fakes.clock.now,
    times: [parseTimeOfDay('06:00')],
    timezone: 'Europe/Berlin',
    onMessage: (m) => messages.push(m),
    runSlot: async (slot, trigger) => {
      await runDailyLoad({
        db,
        clock: fakes.clock.now,
        trigger,
        slotKey: slot.key,
        sourceIds: ['jsearch'],
        sourcesFor: () => [
          new JsearchSource({
            baseUrl: fakes.jsearch.url,
            apiKey,
            clock: fakes.clock.now,
            requestsPerSecond: 1000,
            backoffMs: 5,
          }),
        ],
      })
    },
  })
  return { s, messages }
}

async function plan(db: Kysely<Database>) {
  const user = await upsertUser(db, { email: 'a@example.com' }, fakes.clock.now)
  await addQueries(db, user.id, [{ title: 'Engineer', location: 'Berlin' }], fakes.clock.now)
}

describeEachDialect('the daily scheduler', (t) => {
  it('catches up a missed slot exactly once, and says so', async () => {
    const { db } = await t.fresh()
    await plan(db)
    const { s, messages } = scheduler(db)
    expect(await s.catchUp()).toBe(true)
    expect(await s.catchUp()).toBe(false)
    expect(fakes.jsearch.log).toHaveLength(1)
    expect(messages).toEqual(['Missed the 06:00 load of 2026-11-28; loading now.'])
    const runs = await db.selectFrom('runs').select(['trigger', 'slot_key', 'status']).execute()
    expect(runs).toEqual([
      { trigger: 'catch-up', slot_key: 'daily:2026-11-28T06:00@Europe/Berlin', status: 'success' },
    ])
  })

  it('does not count a run that got nowhere as done', async () => {
    const { db } = await t.fresh()
    await plan(db)
    const broken = scheduler(db, 'wrong-key')
    expect(await broken.s.catchUp()).toBe(true)
    const working = scheduler(db)
    // A failed attempt is tried again after a backoff (15 minutes, doubling), not at every check.
    fakes.clock.advance(14 * 60_000)
    expect(await working.s.catchUp()).toBe(false)
    fakes.clock.advance(60_000)
    expect(await working.s.catchUp()).toBe(true)
    expect(working.messages).toEqual([
      'The 06:00 load of 2026-11-28 did not load everything; trying again (attempt 2 of 5).',
    ])
    const runs = await db.selectFrom('runs').select(['status', 'slot_key']).orderBy('id').execute()
    expect(runs).toEqual([
      { status: 'failed', slot_key: 'daily:2026-11-28T06:00@Europe/Berlin' },
      { status: 'success', slot_key: 'daily:2026-11-28T06:00@Europe/Berlin#2' },
    ])
    expect(await working.s.catchUp()).toBe(false)
  })

  it('takes over the slot of a process that died while running it', async () => {
    const { db } = await t.fresh()
    await plan(db)
    await db
      .insertInto('runs')
      .values({
        kind: 'daily',
        trigger: 'schedule',
        slot_key: 'daily:2026-11-28T06:00@Europe/Berlin',
        status: 'running',
        started_at: '2026-11-28T05:00:00.000Z',
      })
      .execute()
    const { s } = scheduler(db)
    expect(await s.catchUp()).toBe(true)
    const rows = await db
      .selectFrom('runs')
      .select(['status', 'finished_at', 'slot_key'])
      .orderBy('id')
      .execute()
    // Closed as interrupted at the time it last showed life (its start: it never beat), and retried at once.
    expect(rows).toEqual([
      {
        status: 'interrupted',
        finished_at: '2026-11-28T05:00:00.000Z',
        slot_key: 'daily:2026-11-28T06:00@Europe/Berlin',
      },
      {
        status: 'success',
        finished_at: expect.any(String),
        slot_key: 'daily:2026-11-28T06:00@Europe/Berlin#2',
      },
    ])
  })

  it('closes a run of another machine as interrupted once its heartbeat is older than the lease', async () => {
    const { db } = await t.fresh()
    const now = fakes.clock.now().getTime()
    const row = (heartbeatAgoMs: number) => ({
      kind: 'backfill',
      trigger: 'cli',
      status: 'running',
      owner: 'another-machine:4242:abcdef',
      started_at: new Date(now - 3_600_000).toISOString(),
      heartbeat_at: new Date(now - heartbeatAgoMs).toISOString(),
    })
    await db
      .insertInto('runs')
      .values([row(3 * 60_000), row(30_000)])
      .execute()
    expect(await closeInterruptedRuns(db, fakes.clock.now)).toBe(1)
    const runs = await db
      .selectFrom('runs')
      .select(['status', 'finished_at', 'error'])
      .orderBy('id')
      .execute()
    expect(runs[0]).toMatchObject({
      status: 'interrupted',
      finished_at: new Date(now - 3 * 60_000).toISOString(),
      error: expect.stringMatching(/^Interrupted: the process running it stopped/),
    })
    expect(runs[1]).toMatchObject({ status: 'running', finished_at: null })
  })

  it('names the next run in local time', async () => {
    const { db } = await t.fresh()
    const { s } = scheduler(db)
    expect(s.nextRun().at.toISOString()).toBe('2026-11-29T05:00:00.000Z')
    expect(s.describe()).toBe('Daily load at 06:00 Europe/Berlin; next run 2026-11-29 06:00 GMT+1.')
  })
})
