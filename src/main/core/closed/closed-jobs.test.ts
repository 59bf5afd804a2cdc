import type { Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ACTIVEJOBS_BASIC_KEY } from '../../../../test/fakes/activejobs-fake'
import { expiredYesterday } from '../../../../test/fakes/corpus'
import { type Fakes, startFakes } from '../../../../test/fakes/index'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import { fakeSources } from '../../../../test/helpers/sources'
import { runBackfill } from '../backfill/backfill'
import { runDailyLoad } from '../daily/daily-load'
import type { Database } from '../db/schema'
import { combinationKey } from '../normalize/combination-key'
import { setJobState } from '../repos/applications-repo'
import { closedState, PROBABLY_CLOSED_SETTING, unseenBefore } from '../repos/closed-repo'
import { listFeed } from '../repos/feed-repo'
import { upsertJobs } from '../repos/jobs-repo'
import { addQueries } from '../repos/queries-repo'
import { setSetting } from '../repos/settings-repo'
import { upsertUser } from '../repos/users-repo'
import { EXPIRED_REFUSED_SETTING } from './expired-check'

const START = '2026-11-28T06:00:00.000Z'
const DAY = 86_400_000

let fakes: Fakes
beforeAll(async () => {
  // Openings posted from 24 days before the first morning to the last of 16 mornings; every 2nd closes 7 to
  // 29 days after it was posted, and the APIs stop listing it then.
  fakes = await startFakes({
    corpusSize: 8000,
    closingEvery: 2,
    corpusUntil: new Date(Date.parse(START) + 16 * DAY),
    corpusDays: 40,
  })
})
afterAll(() => fakes.stop())

async function person(db: Kysely<Database>) {
  const ada = await upsertUser(db, { email: 'ada@example.com' }, fakes.clock.now)
  await addQueries(
    db,
    ada.id,
    ['Data Engineer', 'Software Engineer', 'Data Scientist'].flatMap((title) =>
      ['Berlin', 'Hamburg', 'Munich'].map((location) => ({ title, location })),
    ),
    fakes.clock.now,
  )
  return ada
}

/** The Active Jobs DB ids of the jobs stored for a person, by job id. */
async function activeJobsIds(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('job_postings')
    .select(['job_id', 'source_job_id'])
    .where('source', '=', 'activejobs')
    .execute()
  return new Map(rows.map((r) => [r.source_job_id, r.job_id]))
}

describeEachDialect('jobs that have closed', (t) => {
  it('reads the expired list once a day, closes exactly the stored jobs it names, and the feed leaves them out', async () => {
    fakes.clock.set(START)
    const { db } = await t.fresh()
    const ada = await person(db)
    const sources = fakeSources(fakes, db)
    // A month of jobs first, as after a CV import; then a daily load each morning for 16 days.
    await runBackfill({ db, clock: fakes.clock.now, ...sources })
    const expectedClosed = new Set<number>()
    const lists: number[] = []
    for (let day = 0; day < 16; day++) {
      fakes.clock.set(new Date(Date.parse(START) + day * DAY))
      const truth = expiredYesterday(fakes.corpus, fakes.clock.now().getTime())
      const outcome = await runDailyLoad({
        db,
        clock: fakes.clock.now,
        trigger: 'schedule',
        slotKey: `day-${day}`,
        ...sources,
      })
      expect(outcome.status).toBe('ran')
      const report = outcome.status === 'ran' ? outcome.report : undefined
      expect(report?.expired).toMatchObject({ listed: truth.length, note: null })
      lists.push(truth.length)
      const stored = await activeJobsIds(db)
      for (const id of truth) if (stored.has(id)) expectedClosed.add(stored.get(id)!)
      // A second load the same day does not ask for the list again.
      if (day === 3) {
        // A second slot of the day (a schedule with two times) runs even when nothing is missing.
        const again = await runDailyLoad({
          db,
          clock: fakes.clock.now,
          trigger: 'schedule',
          slotKey: 'second-slot',
          ...sources,
        })
        expect(again.status === 'ran' ? again.report.expired : 'no run').toBeUndefined()
      }
    }
    const calls = await db
      .selectFrom('api_usage')
      .select(['endpoint', 'billed_requests', 'billed_jobs'])
      .where('endpoint', 'like', '%expired%')
      .execute()
    expect(calls).toHaveLength(16)
    expect(calls.every((c) => c.billed_requests === 1 && c.billed_jobs === 0)).toBe(true)

    const closed = await db
      .selectFrom('jobs')
      .select(['id', 'closed_reason'])
      .where('closed_at', 'is not', null)
      .execute()
    expect(lists.some((n) => n > 0)).toBe(true)
    // Of the stored jobs, a good number closed in those 16 days (18 in this corpus).
    expect(expectedClosed.size).toBeGreaterThan(10)
    expect(new Set(closed.map((c) => c.id))).toEqual(expectedClosed)
    expect(closed.every((c) => c.closed_reason === 'expired')).toBe(true)

    // The feed leaves them out; a saved one stays, with its badge; "only" lists the closed ones.
    const feedIds = async (query: Partial<Parameters<typeof listFeed>[1]> = {}) =>
      (await listFeed(db, { userId: ada.id, limit: 1000, ...query })).map((j) => j.id)
    const open = await feedIds()
    expect(open.filter((id) => expectedClosed.has(id))).toEqual([])
    const [kept] = [...expectedClosed]
    await setJobState(db, ada.id, kept!, 'saved', fakes.clock.now)
    const withSaved = await listFeed(db, { userId: ada.id, limit: 1000 })
    const saved = withSaved.find((j) => j.id === kept)!
    expect(closedState(saved, undefined)).toMatchObject({ reason: 'expired' })
    expect(new Set(await feedIds({ closed: 'only' }))).toEqual(expectedClosed)
    expect((await feedIds({ closed: 'show' })).length).toBe(open.length + expectedClosed.size)
  })

  it('asks a plan without the list once, says so on the report, and asks again after 30 days', async () => {
    fakes.clock.set(START)
    const { db } = await t.fresh()
    await person(db)
    const sources = fakeSources(fakes, db, { activeJobs: { apiKey: ACTIVEJOBS_BASIC_KEY } })
    const load = async () => {
      const outcome = await runDailyLoad({ db, clock: fakes.clock.now, trigger: 'test', ...sources })
      return outcome.status === 'ran' ? outcome.report.expired : 'no run'
    }
    expect(await load()).toMatchObject({
      listed: 0,
      closed: 0,
      note: expect.stringContaining("Active Jobs DB's list of expired jobs is not part of your plan"),
    })
    fakes.clock.advance(DAY)
    expect(await load()).toBeUndefined()
    fakes.clock.advance(30 * DAY)
    expect(await load()).toMatchObject({ note: expect.stringContaining('not part of your plan') })
    const refused = await db
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', EXPIRED_REFUSED_SETTING)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(refused.value_json)).toBe(
      new Date(Date.parse(START) + 31 * DAY).toISOString().slice(0, 10),
    )
  })

  it('marks a job no source has shown for the set days probably closed, and opens a closed job seen again', async () => {
    const { db } = await t.fresh()
    const clock = testClock('2026-11-01T06:00:00.000Z')
    const ada = await upsertUser(db, { email: 'ada@example.com' }, clock)
    await addQueries(db, ada.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
    const berlin = combinationKey('Data Engineer', 'Berlin')
    const sighting = (n: number) => ({
      job: makeJob({
        sourceJobId: `job-${n}`,
        title: `Data Engineer ${n}`,
        applyUrl: `https://jobs.example.org/${n}`,
      }),
      matches: [berlin],
    })
    const [old] = await upsertJobs(db, [sighting(1)], clock)
    clock.set('2026-11-25T06:00:00.000Z')
    const [recent] = await upsertJobs(db, [sighting(2)], clock)
    clock.set('2026-12-03T06:00:00.000Z')

    await setSetting(db, PROBABLY_CLOSED_SETTING, 30, clock)
    expect(await unseenBefore(db, clock)).toBe('2026-11-03T06:00:00.000Z')
    const titles = async (query: Partial<Parameters<typeof listFeed>[1]> = {}) =>
      (
        await listFeed(db, {
          userId: ada.id,
          limit: 50,
          unseenBefore: await unseenBefore(db, clock),
          ...query,
        })
      ).map((j) => j.title)
    expect(await titles()).toEqual(['Data Engineer 2'])
    expect(await titles({ closed: 'only' })).toEqual(['Data Engineer 1'])
    const [row] = await listFeed(db, {
      userId: ada.id,
      limit: 1,
      closed: 'only',
      unseenBefore: await unseenBefore(db, clock),
    })
    expect(closedState(row!, await unseenBefore(db, clock))).toEqual({
      reason: 'unseen',
      since: '2026-11-01T06:00:00.000Z',
    })
    // 0 days: never probably closed.
    await setSetting(db, PROBABLY_CLOSED_SETTING, 0, clock)
    expect(await unseenBefore(db, clock)).toBeUndefined()
    expect(await titles()).toEqual(['Data Engineer 2', 'Data Engineer 1'])

    // Listed expired, then a source shows it again: open again.
    await db
      .updateTable('jobs')
      .set({ closed_at: clock().toISOString(), closed_reason: 'expired' })
      .where('id', '=', recent!.jobId)
      .execute()
    expect(await titles()).toEqual(['Data Engineer 1'])
    await upsertJobs(db, [sighting(2)], clock)
    expect(await titles()).toEqual(['Data Engineer 2', 'Data Engineer 1'])
    void old
  })
})
