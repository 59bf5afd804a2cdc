import { spawn } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemClock } from '../../src/main/core/clock'
import { runDailyLoad } from '../../src/main/core/daily/daily-load'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { DailyScheduler } from '../../src/main/core/scheduler/daily-scheduler'
import { parseTimeOfDay, wallTime } from '../../src/main/core/scheduler/slots'
import { FakeClock } from '../fakes/fake-clock'
import { type Fakes, startFakes } from '../fakes/index'
import { describeEachDialect } from '../helpers/databases'
import { fakeSources } from '../helpers/sources'

let fakes: Fakes
beforeAll(async () => {
  // The CLI child runs on the real clock: the fakes' clock starts at the real time too, so both ask for
  // the same windows.
  fakes = await startFakes({ clock: new FakeClock(new Date()), corpusSize: 12_000, latencyMs: 400 })
})
afterAll(() => fakes.stop())

const PLAN = ['Engineer', 'Data Scientist', 'Data Analyst', 'Developer'].flatMap((title) =>
  ['Berlin', 'Hamburg', 'München', 'Köln'].map((location) => ({ title, location })),
)

describeEachDialect('a daily load killed with SIGKILL', (t) => {
  it('is taken over by the next catch-up at once, and the day is loaded exactly once', async () => {
    const { db, url } = await t.fresh()
    const clock = fakes.clock.now
    const user = await upsertUser(db, { email: 'a@example.com' }, clock)
    await addQueries(db, user.id, PLAN, clock)
    // The fakes' own environment points both sources (and Claude) at them.
    const env = { ...process.env, DATABASE_URL: url, ...fakes.env }
    // A schedule for an hour ago has passed: the service starts by catching it up.
    const w = wallTime(new Date(Date.now() - 3_600_000), 'Europe/Berlin')
    const hourAgo = `${w.hour}:${String(w.minute).padStart(2, '0')}`
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', 'daily', '--schedule', hourAgo],
      {
        env,
        stdio: 'ignore',
      },
    )
    const deadline = Date.now() + 60_000
    for (;;) {
      const running = await db.selectFrom('runs').select('id').where('status', '=', 'running').execute()
      const stored = await db.selectFrom('jobs').select('id').limit(1).execute()
      if (running.length > 0 && stored.length > 0) break
      if (Date.now() > deadline) throw new Error('the daily load never got going')
      await new Promise((r) => setTimeout(r, 50))
    }
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    const scheduler = new DailyScheduler({
      db,
      clock: systemClock,
      times: [parseTimeOfDay(hourAgo)],
      timezone: 'Europe/Berlin',
      runSlot: async (slot, trigger) => {
        await runDailyLoad({
          db,
          clock,
          trigger,
          slotKey: slot.key,
          slotAt: slot.at,
          previousSlotAt: slot.previousAt,
          ...fakeSources(fakes, db),
        })
      },
    })
    expect(await scheduler.catchUp()).toBe(true)
    expect(await scheduler.catchUp()).toBe(false)
    const runs = await db
      .selectFrom('runs')
      .select(['status', 'slot_key', 'error', 'finished_at'])
      .orderBy('id')
      .execute()
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'success'])
    // Closed, not left "running": at the time it last showed life, and its slot tried again at once.
    expect(runs[0]!.error).toMatch(/^Interrupted: the process running it stopped/)
    expect(runs[0]!.finished_at).not.toBeNull()
    expect(runs[1]!.slot_key).toMatch(/#2$/)
    const postings = await db.selectFrom('job_postings').select(['source', 'source_job_id']).execute()
    const keys = postings.map((p) => `${p.source}:${p.source_job_id}`).sort()
    expect(new Set(keys).size).toBe(keys.length)

    // Nothing missing: the same load without a kill stores the same postings.
    const clean = await t.fresh()
    const other = await upsertUser(clean.db, { email: 'a@example.com' }, clock)
    await addQueries(clean.db, other.id, PLAN, clock)
    await runDailyLoad({ db: clean.db, clock, trigger: 'manual', ...fakeSources(fakes, clean.db) })
    const reference = await clean.db.selectFrom('job_postings').select(['source', 'source_job_id']).execute()
    expect(keys).toEqual(reference.map((p) => `${p.source}:${p.source_job_id}`).sort())
  }, 120_000)
})
