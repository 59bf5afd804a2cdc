import { expect, it } from 'vitest'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { testClock } from '../../../../test/helpers/jobs'
import { openDatabase } from '../db/open'
import {
  claimBackfill,
  combinationsNeedingBackfill,
  completeBackfill,
  failBackfill,
  listTracking,
  renewLease,
} from './backfill-repo'
import { activeCombinations, addQueries, listQueries, updateQuery } from './queries-repo'
import { findUserByEmail, upsertUser } from './users-repo'

describeEachDialect('people and their search plans', (t) => {
  it('identifies a person by email, case-insensitively', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const a = await upsertUser(db, { email: 'Ada@Example.com', name: 'Ada' }, clock)
    const b = await upsertUser(db, { email: ' ada@example.com ' }, clock)
    expect(b.id).toBe(a.id)
    expect(b.name).toBe('Ada')
    expect((await findUserByEmail(db, 'ADA@example.com'))?.id).toBe(a.id)
  })

  it('stores titles × locations as rows, keeping the spelling and skipping what the person already has', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const user = await upsertUser(db, { email: 'p1@example.com' }, clock)
    const first = await addQueries(
      db,
      user.id,
      [
        { title: 'Data Scientist', location: 'München', workArrangement: 'Hybrid' },
        { title: 'Data Scientist', location: 'Berlin' },
        { title: 'ML Engineer', location: 'München' },
        { title: 'ML Engineer', location: 'Berlin', priority: 12 },
      ],
      clock,
    )
    expect(first.created).toHaveLength(4)
    const again = await addQueries(db, user.id, [{ title: 'data scientist', location: 'Munich' }], clock)
    expect(again).toEqual({ created: [], existing: 1 })
    const rows = await listQueries(db, user.id)
    expect(rows).toHaveLength(4)
    expect(rows.find((r) => r.title_key === 'data scientist' && r.location_key === 'munich')).toMatchObject({
      title_keyword: 'Data Scientist',
      location: 'München',
      ai_work_arrangement: 'Hybrid',
      priority: 5,
      is_active: 1,
    })
    expect(rows.find((r) => r.title_key === 'ml engineer' && r.location_key === 'berlin')?.priority).toBe(10)
  })

  it('gives the daily load each active combination once, however many people share it', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const p1 = await upsertUser(db, { email: 'p1@example.com' }, clock)
    const p2 = await upsertUser(db, { email: 'p2@example.com' }, clock)
    await addQueries(
      db,
      p1.id,
      ['Berlin', 'Hamburg'].flatMap((location) => [
        { title: 'Data Scientist', location },
        { title: 'ML Engineer', location },
      ]),
      clock,
    )
    const p2rows = await addQueries(
      db,
      p2.id,
      [
        { title: 'data scientist', location: 'Berlin', priority: 8 },
        { title: 'Data Scientist', location: 'Köln', priority: 1 },
      ],
      clock,
    )
    const combos = await activeCombinations(db)
    expect(combos).toHaveLength(5)
    expect(combos.find((c) => c.titleKey === 'data scientist' && c.locationKey === 'berlin')).toMatchObject({
      rows: 2,
      maxPriority: 8,
    })
    expect((await activeCombinations(db, 5)).map((c) => c.locationKey)).not.toContain('cologne')

    await updateQuery(
      db,
      p2rows.created.find((r) => r.location_key === 'cologne')!.id,
      { isActive: false },
      clock,
    )
    expect(await activeCombinations(db)).toHaveLength(4)
  })
})

describeEachDialect('backfill tracking', (t) => {
  async function twoPeople(db: Parameters<typeof upsertUser>[0]) {
    const clock = testClock()
    const p1 = await upsertUser(db, { email: 'p1@example.com' }, clock)
    await addQueries(
      db,
      p1.id,
      ['Berlin', 'Hamburg'].flatMap((location) => [
        { title: 'Data Scientist', location },
        { title: 'ML Engineer', location },
      ]),
      clock,
    )
    const p2 = await upsertUser(db, { email: 'p2@example.com' }, clock)
    await addQueries(
      db,
      p2.id,
      [
        { title: 'Data Scientist', location: 'Berlin' },
        { title: 'Data Scientist', location: 'München' },
      ],
      clock,
    )
    return { clock, p1, p2 }
  }

  it('skips combinations somebody else already backfilled', async () => {
    const { db } = await t.fresh()
    const { clock, p1, p2 } = await twoPeople(db)
    const p1Todo = await combinationsNeedingBackfill(db, ['jsearch'], p1.id)
    expect(p1Todo).toHaveLength(4)
    for (const candidate of p1Todo) {
      const row = await claimBackfill(db, candidate, 'worker-1', 60_000, clock)
      await completeBackfill(db, row!.id, 'worker-1', 10, clock)
    }
    const p2Todo = await combinationsNeedingBackfill(db, ['jsearch'], p2.id)
    expect(p2Todo.map((c) => `${c.titleKeyword} in ${c.location}`)).toEqual(['Data Scientist in München'])
    // Another source has its own tracking.
    expect(await combinationsNeedingBackfill(db, ['activejobs'], p2.id)).toHaveLength(2)
  })

  it('lets exactly one of two processes claim a combination, and takes over an expired lease', async () => {
    const { db, url } = await t.fresh()
    const { clock } = await twoPeople(db)
    const other = await openDatabase(url, { dataDir: '/tmp' })
    try {
      const [candidate] = await combinationsNeedingBackfill(db, ['jsearch'])
      const claims = await Promise.all([
        claimBackfill(db, candidate!, 'process-a', 60_000, clock),
        claimBackfill(other.db, candidate!, 'process-b', 60_000, clock),
        claimBackfill(db, candidate!, 'process-c', 60_000, clock),
      ])
      const winners = claims.filter((c) => c !== undefined)
      expect(winners).toHaveLength(1)
      expect(winners[0]).toMatchObject({ status: 'running', attempts: 1 })

      // The winner dies; before the lease runs out nobody may take the row, after it anybody may.
      clock.advance(30_000)
      expect(await claimBackfill(other.db, candidate!, 'process-d', 60_000, clock)).toBeUndefined()
      clock.advance(31_000)
      const takeover = await claimBackfill(other.db, candidate!, 'process-d', 60_000, clock)
      expect(takeover).toMatchObject({ lease_owner: 'process-d', attempts: 2 })
      // The dead process cannot finish a row it no longer holds.
      expect(await renewLease(db, takeover!.id, winners[0]!.lease_owner!, 60_000, clock)).toBe(false)
      await completeBackfill(db, takeover!.id, winners[0]!.lease_owner!, 99, clock)
      expect((await listTracking(db)).find((r) => r.id === takeover!.id)?.status).toBe('running')
    } finally {
      await other.close()
    }
  })

  it('keeps a failed combination for the next run, with its error', async () => {
    const { db } = await t.fresh()
    const { clock } = await twoPeople(db)
    const [candidate] = await combinationsNeedingBackfill(db, ['activejobs'])
    const row = await claimBackfill(db, candidate!, 'w', 60_000, clock)
    await failBackfill(db, row!.id, 'w', 'Active Jobs DB answered 503', clock)
    const failed = (await listTracking(db)).find((r) => r.id === row!.id)
    expect(failed).toMatchObject({
      status: 'failed',
      last_error: 'Active Jobs DB answered 503',
      lease_owner: null,
    })
    expect(
      (await combinationsNeedingBackfill(db, ['activejobs'])).map((c) => c.titleKey + c.locationKey),
    ).toContain(candidate!.titleKey + candidate!.locationKey)
    const retry = await claimBackfill(db, candidate!, 'w2', 60_000, clock)
    expect(retry).toMatchObject({ status: 'running', attempts: 2 })
  })
})
