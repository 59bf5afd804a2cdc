import { expect, it } from 'vitest'
import { z } from 'zod'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import { combinationKey } from '../normalize/combination-key'
import { setJobState } from './applications-repo'
import { jobPostings, listFeed } from './feed-repo'
import { upsertJobs } from './jobs-repo'
import { addQueries, updateQuery } from './queries-repo'
import { finishRun, listRuns, slotAttempts, startRun } from './runs-repo'
import { getSetting, setSetting } from './settings-repo'
import { latestQuotaHeaders, recordUsage, usageSince } from './usage-repo'
import { upsertUser } from './users-repo'

describeEachDialect('the feed', (t) => {
  async function seed() {
    const handle = await t.fresh()
    const clock = testClock()
    const ada = await upsertUser(handle.db, { email: 'ada@example.com' }, clock)
    const bob = await upsertUser(handle.db, { email: 'bob@example.com' }, clock)
    const [adaBerlin] = (
      await addQueries(handle.db, ada.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
    ).created
    await addQueries(handle.db, bob.id, [{ title: 'Nurse', location: 'Hamburg' }], clock)
    const berlin = combinationKey('Data Engineer', 'Berlin')
    const hamburg = combinationKey('Nurse', 'Hamburg')
    const days = ['2026-11-20', '2026-11-25', '2026-11-22']
    const outcomes = await upsertJobs(
      handle.db,
      [
        ...days.map((day, i) => ({
          job: makeJob({
            sourceJobId: `de-${i}`,
            title: i === 1 ? 'Data Engineer 100% Python_Stack' : `Data Engineer ${i}`,
            company: i === 2 ? 'Zalando SE' : 'Example GmbH',
            applyUrl: `https://jobs.example.de/${i}`,
            postedAt: `${day}T00:00:00.000Z`,
          }),
          matches: [berlin],
        })),
        {
          job: makeJob({
            sourceJobId: 'n-1',
            title: 'Nurse',
            company: 'Klinikum',
            applyUrl: 'https://klinikum.de/1',
          }),
          matches: [hamburg],
        },
      ],
      clock,
    )
    return { ...handle, clock, ada, bob, adaBerlin: adaBerlin!, ids: outcomes.map((o) => o.jobId) }
  }

  it("shows a person only their combinations' jobs, newest first", async () => {
    const { db, ada, bob } = await seed()
    const feed = await listFeed(db, { userId: ada.id, limit: 50 })
    expect(feed.map((j) => j.title)).toEqual([
      'Data Engineer 100% Python_Stack',
      'Data Engineer 2',
      'Data Engineer 0',
    ])
    expect(feed.every((j) => j.state === 'new')).toBe(true)
    expect((await listFeed(db, { userId: bob.id, limit: 50 })).map((j) => j.title)).toEqual(['Nurse'])
  })

  it('pages, and filters by words case-insensitively, punctuation only separating them', async () => {
    const { db, ada } = await seed()
    expect((await listFeed(db, { userId: ada.id, limit: 2, offset: 2 })).map((j) => j.title)).toEqual([
      'Data Engineer 0',
    ])
    expect((await listFeed(db, { userId: ada.id, limit: 50, text: 'ZALANDO' })).map((j) => j.title)).toEqual([
      'Data Engineer 2',
    ])
    expect(
      (await listFeed(db, { userId: ada.id, limit: 50, text: '100%' })).map((j) => j.title),
    ).toHaveLength(1)
    // No wildcard reaches the database: `_` and `%` separate words as a space does.
    expect(
      (await listFeed(db, { userId: ada.id, limit: 50, text: 'python_stack' })).map((j) => j.title),
    ).toEqual(['Data Engineer 100% Python_Stack'])
    expect(await listFeed(db, { userId: ada.id, limit: 50, text: 'n_s' })).toEqual([])
    expect(await listFeed(db, { userId: ada.id, limit: 50, text: 'nurse' })).toEqual([])
  })

  it('matches several words across title, company and place, and a place under its other spellings', async () => {
    const { db, ada, clock } = await seed()
    const munich = combinationKey('Data Engineer', 'München')
    await addQueries(db, ada.id, [{ title: 'Data Engineer', location: 'München' }], clock)
    await upsertJobs(
      db,
      [
        {
          job: makeJob({
            sourceJobId: 'm-1',
            title: 'Data Engineer (m/w/d)',
            company: 'Celonis SE',
            location: 'München, Bayern, Deutschland',
            applyUrl: 'https://celonis.example/m-1',
          }),
          matches: [munich],
        },
      ],
      clock,
    )
    const titles = async (text: string) =>
      (await listFeed(db, { userId: ada.id, limit: 50, text })).map((j) => j.title)
    expect(await titles('data engineer munich')).toEqual(['Data Engineer (m/w/d)'])
    expect(await titles('Munich')).toEqual(await titles('München'))
    expect(await titles('  engineer   zalando  ')).toEqual(['Data Engineer 2'])
    expect(await titles('engineer celonis berlin')).toEqual([])
  })

  it('hides hidden jobs, filters by state, and drops paused combinations', async () => {
    const { db, ada, ids, clock, adaBerlin } = await seed()
    await setJobState(db, ada.id, ids[1]!, 'hidden', clock)
    await setJobState(db, ada.id, ids[2]!, 'saved', clock)
    await setJobState(db, ada.id, ids[2]!, 'applied', clock)
    const feed = await listFeed(db, { userId: ada.id, limit: 50 })
    expect(feed.map((j) => [j.title, j.state])).toEqual([
      ['Data Engineer 2', 'applied'],
      ['Data Engineer 0', 'new'],
    ])
    expect((await listFeed(db, { userId: ada.id, limit: 50, states: ['hidden'] })).map((j) => j.id)).toEqual([
      ids[1],
    ])
    expect((await listFeed(db, { userId: ada.id, limit: 50, states: ['new'] })).map((j) => j.id)).toEqual([
      ids[0],
    ])
    await updateQuery(db, adaBerlin.id, { isActive: false }, clock)
    expect(await listFeed(db, { userId: ada.id, limit: 50 })).toEqual([])
  })

  it('lists every posting that carried a job', async () => {
    const { db, ids } = await seed()
    const postings = await jobPostings(db, ids[0]!)
    expect(postings).toMatchObject([
      { source: 'jsearch', source_job_id: 'de-0', url: 'https://jobs.example.de/0' },
    ])
  })
})

describeEachDialect('runs, quota ledger and settings', (t) => {
  it('lets only one instance take a scheduled slot, and a failed one is retried under its own key', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const slot = 'daily:2026-11-28T06:00@Europe/Berlin'
    const first = await startRun(db, { kind: 'daily', trigger: 'schedule', slotKey: slot }, clock)
    const second = await startRun(db, { kind: 'daily', trigger: 'schedule', slotKey: slot }, clock)
    expect(first).toMatchObject({ status: 'running', slot_key: slot })
    expect(second).toBeUndefined()
    await finishRun(
      db,
      first!.id,
      { status: 'failed', requests: 1, jobsFetched: 0, jobsNew: 0, error: 'JSearch 503' },
      clock,
    )
    expect(await startRun(db, { kind: 'daily', trigger: 'catch-up', slotKey: slot }, clock)).toBeUndefined()
    const retry = await startRun(db, { kind: 'daily', trigger: 'catch-up', slotKey: `${slot}#2` }, clock)
    expect(retry).toBeDefined()
    clock.advance(1000)
    await finishRun(
      db,
      retry!.id,
      { status: 'success', requests: 5, jobsFetched: 120, jobsNew: 80, report: { uniqueCombinations: 5 } },
      clock,
    )
    const runs = await listRuns(db)
    expect(runs[0]).toMatchObject({
      id: retry!.id,
      status: 'success',
      jobs_new: 80,
      finished_at: '2026-11-28T06:00:01.000Z',
    })
    expect(JSON.parse(runs[0]!.report_json!)).toEqual({ uniqueCombinations: 5 })
    expect(runs[1]).toMatchObject({ status: 'failed', error: 'JSearch 503', slot_key: slot })
    expect((await slotAttempts(db, slot)).map((r) => r.id)).toEqual([first!.id, retry!.id])
  })

  it('adds up what a source was billed since a time, and keeps the latest quota headers', async () => {
    const { db } = await t.fresh()
    const base = {
      source: 'activejobs' as const,
      endpoint: '/active-ats-24h',
      run_id: null,
      status_code: 200,
      requests_limit: 20000,
      requests_remaining: 19990,
      requests_reset_at: '2026-12-20T00:00:00.000Z',
      jobs_limit: 20000,
      jobs_remaining: 19000,
      jobs_reset_at: '2026-12-20T00:00:00.000Z',
      error: null,
    }
    await recordUsage(db, {
      ...base,
      called_at: '2026-10-30T06:00:00.000Z',
      billed_requests: 1,
      billed_jobs: 500,
    })
    await recordUsage(db, {
      ...base,
      called_at: '2026-11-27T06:00:00.000Z',
      billed_requests: 1,
      billed_jobs: 100,
    })
    await recordUsage(db, {
      ...base,
      called_at: '2026-11-28T06:00:00.000Z',
      billed_requests: 1,
      billed_jobs: 37,
      jobs_remaining: 18863,
    })
    await recordUsage(db, {
      ...base,
      source: 'jsearch',
      called_at: '2026-11-28T06:00:00.000Z',
      billed_requests: 2,
      billed_jobs: 0,
    })
    expect(await usageSince(db, 'activejobs', '2026-11-01T00:00:00.000Z')).toEqual({
      calls: 2,
      billedRequests: 2,
      billedJobs: 137,
    })
    expect(await usageSince(db, 'jsearch', '2026-12-01T00:00:00.000Z')).toEqual({
      calls: 0,
      billedRequests: 0,
      billedJobs: 0,
    })
    expect((await latestQuotaHeaders(db, 'activejobs'))?.jobs_remaining).toBe(18863)
  })

  it('stores settings as JSON and falls back to the default when a stored value no longer fits', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const schema = z.object({ dailyAt: z.string(), sources: z.array(z.string()) })
    const fallback = { dailyAt: '06:00', sources: ['jsearch', 'activejobs'] }
    expect(await getSetting(db, 'schedule', schema, fallback)).toEqual(fallback)
    await setSetting(db, 'schedule', { dailyAt: '07:30', sources: ['activejobs'] }, clock)
    expect(await getSetting(db, 'schedule', schema, fallback)).toEqual({
      dailyAt: '07:30',
      sources: ['activejobs'],
    })
    await setSetting(db, 'schedule', { dailyAt: 7 }, clock)
    expect(await getSetting(db, 'schedule', schema, fallback)).toEqual(fallback)
  })
})
