import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { ACTIVEJOBS_FAKE_KEY } from '../../../../test/fakes/activejobs-fake'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { fakeSources } from '../../../../test/helpers/sources'
import { locationKey, titleKey } from '../normalize/combination-key'
import type { ledgerWriter } from '../quota/ledger'
import { listTracking } from '../repos/backfill-repo'
import { addQueries } from '../repos/queries-repo'
import { upsertUser } from '../repos/users-repo'
import { ActiveJobsSource } from '../sources/activejobs/activejobs-client'
import { JsearchSource } from '../sources/jsearch/jsearch-client'
import { runBackfill } from './backfill'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 6000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  for (const fake of [fakes.jsearch, fakes.activeJobs]) {
    fake.log.length = 0
    fake.used.clear()
    fake.clearFaults()
  }
})

function sources(db: Parameters<typeof ledgerWriter>[0], concurrency = 5) {
  return fakeSources(fakes, db, { concurrency })
}

/** Which (title, location) each fake request asked for: JSearch's query, Active Jobs DB's OR filters. */
function requested(): string[] {
  const js = fakes.jsearch.log.map((r) => r.query.query!.toLowerCase())
  const aj = fakes.activeJobs.log.flatMap((r) => {
    const titles = [...r.query.title_filter!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.toLowerCase())
    const places = [...r.query.location_filter!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.toLowerCase())
    return titles.flatMap((t) => places.map((p) => `${t} in ${p}`))
  })
  // Each API is asked in its own spelling (JSearch "München", Active Jobs DB "Munich"): compare by key.
  const normalized = [...js, ...aj].map((q) => {
    const [title, place] = q.split(' in ')
    return `${titleKey(title!)} in ${locationKey(place!)}`
  })
  return [...new Set(normalized)].sort()
}

describeEachDialect('the shared backfill', (t) => {
  it("holds the earlier service's acceptance story: the second person only fetches the one new combination", async () => {
    const { db } = await t.fresh()
    const clock = fakes.clock.now
    const p1 = await upsertUser(db, { email: 'p1@example.com' }, clock)
    const rows1 = await addQueries(
      db,
      p1.id,
      ['Data Scientist', 'ML Engineer'].flatMap((title) =>
        ['Berlin', 'Hamburg'].map((location) => ({ title, location })),
      ),
      clock,
    )
    expect(rows1.created).toHaveLength(4)
    const first = await runBackfill({ db, clock, userId: p1.id, ...sources(db) })
    expect(first.outcomes).toHaveLength(8) // 4 combinations × 2 sources
    expect(first.outcomes.every((o) => o.status === 'done')).toBe(true)
    expect(first.jobsNew).toBeGreaterThan(0)
    expect(requested()).toEqual([
      'data scientist in berlin',
      'data scientist in hamburg',
      'ml engineer in berlin',
      'ml engineer in hamburg',
    ])

    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    const p2 = await upsertUser(db, { email: 'p2@example.com' }, clock)
    const rows2 = await addQueries(
      db,
      p2.id,
      [
        { title: 'data scientist', location: 'Berlin' },
        { title: 'Data Scientist', location: 'München' },
      ],
      clock,
    )
    expect(rows2.created).toHaveLength(2)
    const second = await runBackfill({ db, clock, userId: p2.id, ...sources(db) })
    expect(
      second.outcomes
        .map((o) => `${o.combination.titleKey} in ${o.combination.locationKey} (${o.source})`)
        .sort(),
    ).toEqual(['data scientist in munich (activejobs)', 'data scientist in munich (jsearch)'])
    expect(requested()).toEqual(['data scientist in munich'])

    const tracking = await listTracking(db)
    expect(tracking).toHaveLength(10)
    expect(
      tracking.every((r) => r.status === 'done' && r.backfilled_date !== null && r.lease_owner === null),
    ).toBe(true)
    const usage = await db.selectFrom('api_usage').select('run_id').distinct().execute()
    expect(usage.map((u) => u.run_id).sort()).toEqual([first.runId, second.runId].sort())
  })

  it('records a failed combination with its reason, and the next backfill fetches only that one again', async () => {
    const { db } = await t.fresh()
    const clock = fakes.clock.now
    const p = await upsertUser(db, { email: 'p@example.com' }, clock)
    await addQueries(
      db,
      p.id,
      [
        { title: 'Data Engineer', location: 'Berlin' },
        { title: 'Nurse', location: 'Hamburg' },
      ],
      clock,
    )
    fakes.jsearch.inject({ fault: '503', times: 4 })
    // One combination at a time, so the first one meets all four 503s.
    const first = await runBackfill({ db, clock, ...sources(db, 1), sourceIds: ['jsearch'] })
    const failed = first.outcomes.filter((o) => o.status === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.error).toMatch(/JSearch answered 503 .* still failing after 4 tries/)
    const row = (await listTracking(db)).find((r) => r.status === 'failed')
    expect(row).toMatchObject({ last_error: failed[0]!.error, lease_owner: null })

    fakes.jsearch.log.length = 0
    const retry = await runBackfill({ db, clock, ...sources(db), sourceIds: ['jsearch'] })
    expect(retry.outcomes).toEqual([
      expect.objectContaining({ status: 'done', combination: failed[0]!.combination }),
    ])
    expect(fakes.jsearch.log).toHaveLength(1)
    const runs = await db.selectFrom('runs').select(['kind', 'status']).orderBy('id').execute()
    expect(runs).toEqual([
      { kind: 'backfill', status: 'partial' },
      { kind: 'backfill', status: 'success' },
    ])
  })

  it('stops a source whose key is invalid, failing its combinations, and still backfills the other source', async () => {
    const { db } = await t.fresh()
    const clock = fakes.clock.now
    const p = await upsertUser(db, { email: 'p@example.com' }, clock)
    await addQueries(db, p.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
    const quick = { clock, requestsPerSecond: 1000, backoffMs: 5 }
    const report = await runBackfill({
      db,
      clock,
      sourceIds: ['jsearch', 'activejobs'],
      sourcesFor: () => [
        new JsearchSource({ ...quick, baseUrl: fakes.jsearch.url, apiKey: 'wrong' }),
        new ActiveJobsSource({ ...quick, baseUrl: fakes.activeJobs.url, apiKey: ACTIVEJOBS_FAKE_KEY }),
      ],
    })
    expect(report.outcomes.map((o) => [o.source, o.status])).toEqual([
      ['jsearch', 'failed'],
      ['activejobs', 'done'],
    ])
    expect(report.outcomes[0]!.error).toBe(
      'JSearch key is invalid: check JSEARCH_API_KEY or the key in the settings.',
    )
  })

  it('does nothing, and starts no run, when every combination is already backfilled', async () => {
    const { db } = await t.fresh()
    const report = await runBackfill({ db, clock: fakes.clock.now, ...sources(db) })
    expect(report).toMatchObject({ runId: null, outcomes: [] })
    expect(await db.selectFrom('runs').selectAll().execute()).toEqual([])
  })
})
