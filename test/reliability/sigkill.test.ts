import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { type Fakes, startFakes } from '../fakes/index'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 6000, latencyMs: 300 })
})
afterAll(() => fakes.stop())

const PLAN = ['Engineer', 'Data Scientist', 'Data Analyst', 'Developer', 'Product Manager'].flatMap((title) =>
  ['Berlin', 'Hamburg', 'München', 'Köln'].map((location) => ({ title, location })),
)

describeEachDialect('a backfill killed with SIGKILL', (t) => {
  it('is completed by the next run: nothing stuck in running, no duplicates, counts consistent', async () => {
    const { db, url } = await t.fresh()
    const clock = fakes.clock.now
    const user = await upsertUser(db, { email: 'a@example.com' }, clock)
    await addQueries(db, user.id, PLAN, clock)
    // The fakes' own environment points both sources (and Claude) at them.
    const env = { ...process.env, DATABASE_URL: url, ...fakes.env }
    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'backfill'], {
      env,
      stdio: 'ignore',
    })
    // Kill it once it has stored a good many pages and still holds claims.
    const deadline = Date.now() + 60_000
    for (;;) {
      const calls = await db.selectFrom('api_usage').select('id').execute()
      const running = await db
        .selectFrom('backfill_tracking')
        .select('id')
        .where('status', '=', 'running')
        .execute()
      if (calls.length >= 12 && running.length > 0) break
      if (Date.now() > deadline) throw new Error('the backfill never got going')
      await new Promise((r) => setTimeout(r, 50))
    }
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    const stuck = await db
      .selectFrom('backfill_tracking')
      .select('status')
      .where('status', '=', 'running')
      .execute()
    expect(stuck.length).toBeGreaterThan(0)

    const restart = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', 'backfill'],
      { env, timeout: 60_000 },
    )
    expect(restart.stdout).toMatch(/Backfill: \d+ of \d+ done;/)
    const answered = () =>
      [...fakes.jsearch.log, ...fakes.activeJobs.log].filter((r) => r.status === 200).length
    const killedAndResumed = answered()

    // The same backfill without a kill, for comparison: the resumed run started after the pages stored,
    // so only the calls in flight at the kill (at most one per concurrent fetch, 5) were billed twice.
    const clean = await t.fresh()
    await addQueries(
      clean.db,
      (await upsertUser(clean.db, { email: 'a@example.com' }, clock)).id,
      PLAN,
      clock,
    )
    fakes.jsearch.log.length = 0
    fakes.activeJobs.log.length = 0
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'backfill'], {
      env: { ...env, DATABASE_URL: clean.url },
      timeout: 60_000,
    })
    const once = answered()
    expect(killedAndResumed).toBeGreaterThanOrEqual(once)
    expect(killedAndResumed - once).toBeLessThanOrEqual(5)
    const tracking = await db.selectFrom('backfill_tracking').selectAll().execute()
    expect(tracking).toHaveLength(2 * PLAN.length)
    expect(tracking.filter((r) => r.status !== 'done')).toEqual([])
    const postings = await db
      .selectFrom('job_postings')
      .select(['source', 'source_job_id', 'job_id'])
      .execute()
    expect(new Set(postings.map((p) => `${p.source}:${p.source_job_id}`)).size).toBe(postings.length)
    const jobs = await db.selectFrom('jobs').select('id').execute()
    expect(new Set(postings.map((p) => p.job_id)).size).toBe(jobs.length)
    // Every done combination counts the jobs it matched.
    const matches = await db
      .selectFrom('job_matches')
      .select(['title_key', 'location_key', 'job_id'])
      .execute()
    for (const row of tracking) {
      const matched = matches.filter(
        (m) => m.title_key === row.title_key && m.location_key === row.location_key,
      )
      expect(row.jobs_found).toBeLessThanOrEqual(matched.length)
    }
  }, 120_000)
})
