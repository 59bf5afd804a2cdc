import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { locationKey, titleKey } from '../../src/main/core/normalize/combination-key'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { type Fakes, startFakes } from '../fakes/index'
import { describeEachDialect } from '../helpers/databases'

const run = promisify(execFile)
let fakes: Fakes
beforeAll(async () => {
  // Slow answers, so the two processes are at work at the same time.
  fakes = await startFakes({ corpusSize: 6000, latencyMs: 150 })
})
afterAll(() => fakes.stop())

/** Each (title, location) a fake was asked for, normalized, with how often. */
function requestCounts(): Map<string, number> {
  const counts = new Map<string, number>()
  const add = (title: string, place: string) => {
    const k = `${titleKey(title)} in ${locationKey(place)}`
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  for (const r of fakes.jsearch.log) {
    const [title, place] = r.query.query!.split(' in ')
    add(`js:${title}`, place!)
  }
  // A request's further pages are the same request; the one check of how far back the plan reaches, and
  // the daily list of expired jobs, ask for no combination.
  const asked = fakes.activeJobs.listings.filter(
    (r) => (r.query.offset ?? '0') === '0' && !r.query.title_filter?.includes('depth check'),
  )
  for (const r of asked) {
    const titles = [...r.query.title_filter!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!)
    const places = [...r.query.location_filter!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!)
    for (const t of titles) for (const p of places) add(`aj:${t}`, p)
  }
  return counts
}

describeEachDialect('two processes backfilling overlapping plans', (t) => {
  it('request every (combination, source) exactly once', async () => {
    const { db, url } = await t.fresh()
    const clock = fakes.clock.now
    const a = await upsertUser(db, { email: 'a@example.com' }, clock)
    const b = await upsertUser(db, { email: 'b@example.com' }, clock)
    const grid = (titles: string[], places: string[]) =>
      titles.flatMap((title) => places.map((location) => ({ title, location })))
    await addQueries(
      db,
      a.id,
      grid(['Engineer', 'Data Scientist', 'Data Analyst'], ['Berlin', 'Hamburg', 'München']),
      clock,
    )
    await addQueries(
      db,
      b.id,
      grid(['engineer', 'Developer', 'Data Analyst'], ['Berlin', 'Munich', 'Köln']),
      clock,
    )
    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    // The fakes' own environment points both sources (and Claude) at them.
    const env = { ...process.env, DATABASE_URL: url, ...fakes.env }
    const backfill = (email: string) =>
      run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'backfill', '--email', email], {
        env,
        timeout: 60_000,
      })
    const [first, second] = await Promise.all([backfill('a@example.com'), backfill('b@example.com')])
    expect(first.stdout + second.stdout).toMatch(/Backfill: \d+ of \d+ done/)

    const counts = requestCounts()
    const combos = await db
      .selectFrom('user_search_queries')
      .select(['title_key', 'location_key'])
      .distinct()
      .execute()
    expect(combos).toHaveLength(14) // 9 + 9 rows, 4 shared
    for (const c of combos) {
      for (const source of ['js', 'aj']) {
        const k = `${titleKey(`${source}:${c.title_key}`)} in ${c.location_key}`
        expect([k, counts.get(k)]).toEqual([k, 1])
      }
    }
    const tracking = await db.selectFrom('backfill_tracking').select(['status']).execute()
    expect(tracking).toHaveLength(28)
    expect(tracking.every((r) => r.status === 'done')).toBe(true)
    const postings = await db.selectFrom('job_postings').select(['source', 'source_job_id']).execute()
    expect(new Set(postings.map((p) => `${p.source}:${p.source_job_id}`)).size).toBe(postings.length)
  }, 90_000)
})

describeEachDialect('two `daily --run-once` processes at the same moment', (t) => {
  it('load once: the second waits for the first, then says nothing is missing', async () => {
    const { db, url } = await t.fresh()
    const clock = fakes.clock.now
    const a = await upsertUser(db, { email: 'a@example.com' }, clock)
    await addQueries(
      db,
      a.id,
      ['Engineer', 'Data Scientist', 'Data Analyst'].flatMap((title) =>
        ['Berlin', 'Hamburg', 'München'].map((location) => ({ title, location })),
      ),
      clock,
    )
    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    const env = { ...process.env, DATABASE_URL: url, ...fakes.env }
    const daily = () =>
      run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'daily', '--run-once'], {
        env,
        timeout: 60_000,
      })
    const [first, second] = await Promise.all([daily(), daily()])
    const out = first.stdout + second.stdout
    expect(out).toContain('Another daily load is running on this database; waiting for it to finish')
    expect(out).toContain('has loaded every combination: nothing is missing.')
    // One load's requests: 9 JSearch searches and one Active Jobs DB grid, not twice that.
    expect(requestCounts().size).toBe(18)
    expect([...requestCounts().values()].every((n) => n === 1)).toBe(true)
    // And the day's list of expired jobs once.
    expect(fakes.activeJobs.log.filter((r) => /expired/.test(r.path))).toHaveLength(1)
    const runs = await db.selectFrom('runs').select('status').execute()
    expect(runs.map((r) => r.status)).toEqual(['success'])
  }, 90_000)
})
