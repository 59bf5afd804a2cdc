import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../../migrations'
import { type Fakes, startFakes } from '../../../../../test/fakes/index'
import { describeEachDialect } from '../../../../../test/helpers/databases'
import { makeJob } from '../../../../../test/helpers/jobs'
import { type TestRuntime, testRuntime } from '../../../../../test/helpers/runtime'
import { migrateToLatest } from '../../db/migrate'
import { APPLICATION_COLUMNS } from '../../export/applications-export'
import { combinationKey } from '../../normalize/combination-key'
import { listApplications } from '../../repos/applications-repo'
import { upsertJobs } from '../../repos/jobs-repo'
import { addQueries } from '../../repos/queries-repo'
import { upsertUser } from '../../repos/users-repo'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 50 })
})
afterAll(() => fakes.stop())

describeEachDialect('applications', (t) => {
  const open: TestRuntime[] = []
  afterAll(async () => {
    for (const app of open) await app.close()
  })

  /** The app with a person and four jobs in their feed; the clock at 23:30 UTC, already tomorrow in Berlin. */
  async function seeded() {
    fakes.clock.set('2026-12-02T23:30:00.000Z')
    const a = await testRuntime(t, fakes)
    open.push(a)
    const { db } = a.ctx.handle
    const ada = await upsertUser(db, { email: 'ada@example.com' }, fakes.clock.now)
    await addQueries(db, ada.id, [{ title: 'Data Engineer', location: 'Berlin' }], fakes.clock.now)
    a.ctx.local.update({ userEmail: 'ada@example.com' })
    const outcomes = await upsertJobs(
      db,
      ['Zalando', 'N26', 'Delivery Hero', '=HYPERLINK("x")'].map((company, i) => ({
        job: makeJob({
          sourceJobId: `job-${i}`,
          title: `Data Engineer ${i}`,
          company,
          applyUrl: `https://jobs.example.org/${i}`,
        }),
        matches: [combinationKey('Data Engineer', 'Berlin')],
      })),
      fakes.clock.now,
    )
    return { a, ids: outcomes.map((o) => o.jobId), ada }
  }

  it('records each step with its day, and lists the applications newest step first', async () => {
    const { a, ids } = await seeded()
    expect((await a.call('applications/list', {})).applications).toEqual([])

    // Marked applied in the feed: today is the schedule's day (Berlin, already 3 December).
    expect(await a.call('jobs/set-state', { id: ids[0]!, state: 'applied' })).toEqual({
      id: ids[0],
      state: 'applied',
    })
    await a.call('jobs/set-state', { id: ids[1]!, state: 'applied', on: '2026-11-20' })
    await a.call('applications/update', { id: ids[1]!, state: 'interviewing', on: '2026-11-27' })
    const note = 'Spoke to Anna; second round Friday, "bring the Spark demo".'
    await a.call('applications/update', { id: ids[1]!, note })
    await a.call('jobs/set-state', { id: ids[2]!, state: 'applied', on: '2026-11-01' })
    await a.call('applications/update', { id: ids[2]!, state: 'rejected', on: '2026-11-15' })

    const { applications } = await a.call('applications/list', {})
    expect(applications.map((x) => [x.company, x.state, x.appliedOn, x.lastOn])).toEqual([
      ['Zalando', 'applied', '2026-12-03', '2026-12-03'],
      ['N26', 'interviewing', '2026-11-20', '2026-11-27'],
      ['Delivery Hero', 'rejected', '2026-11-01', '2026-11-15'],
    ])
    expect(applications[1]).toMatchObject({
      note,
      steps: [
        { state: 'applied', on: '2026-11-20' },
        { state: 'interviewing', on: '2026-11-27' },
      ],
    })
    // The same state with a day moves that step; a state filter lists only those.
    await a.call('applications/update', { id: ids[1]!, on: '2026-11-26' })
    const interviewing = await a.call('applications/list', { states: ['interviewing'] })
    expect(interviewing.applications.map((x) => x.steps.at(-1))).toEqual([
      { state: 'interviewing', on: '2026-11-26' },
    ])
    // The feed shows the step as the job's state.
    const feed = await a.call('feed/list', { states: ['interviewing', 'offer'] })
    expect(feed.jobs.map((j) => [j.company, j.state])).toEqual([['N26', 'interviewing']])
  })

  it('undoes "applied", keeps the steps through a hide, and gives them back on unhide', async () => {
    const { a, ids } = await seeded()
    await a.call('jobs/set-state', { id: ids[0]!, state: 'applied', on: '2026-11-20' })
    await a.call('applications/update', { id: ids[0]!, state: 'offer', on: '2026-11-30' })

    // Hidden: out of the feed and the list, steps kept; the undo (back to offer) is no new step.
    await a.call('jobs/set-state', { id: ids[0]!, state: 'hidden' })
    expect((await a.call('applications/list', {})).applications).toEqual([])
    expect(await a.call('jobs/set-state', { id: ids[0]!, state: 'offer' })).toMatchObject({ state: 'offer' })
    expect((await a.call('applications/list', {})).applications[0]!.steps).toHaveLength(2)
    // Hidden again, then Unhide (seen): the application comes back as it was.
    await a.call('jobs/set-state', { id: ids[0]!, state: 'hidden' })
    expect(await a.call('jobs/set-state', { id: ids[0]!, state: 'seen' })).toEqual({
      id: ids[0],
      state: 'offer',
    })
    expect((await a.call('applications/list', {})).applications[0]).toMatchObject({
      state: 'offer',
      lastOn: '2026-11-30',
    })

    // Save (a key, a click) leaves an application as it is.
    expect(await a.call('jobs/set-state', { id: ids[0]!, state: 'saved' })).toEqual({
      id: ids[0],
      state: 'offer',
    })
    expect((await a.call('applications/list', {})).applications[0]!.steps).toHaveLength(2)

    // "Not applied": the steps go with it, and marking it applied again starts over.
    await a.call('jobs/set-state', { id: ids[0]!, state: 'seen' })
    expect((await a.call('applications/list', {})).applications).toEqual([])
    await a.call('jobs/set-state', { id: ids[0]!, state: 'applied', on: '2026-12-01' })
    expect((await a.call('applications/list', {})).applications[0]!.steps).toEqual([
      { state: 'applied', on: '2026-12-01' },
    ])
  })

  it('refuses what cannot be recorded, with one line that says what to do, and changes nothing', async () => {
    const { a, ids } = await seeded()
    await expect(a.call('applications/update', { id: ids[0]!, note: 'hello' })).rejects.toThrow(
      `Job ${ids[0]} is not one of your applications: mark it applied first`,
    )
    await expect(
      a.call('jobs/set-state', { id: ids[0]!, state: 'applied', on: '3.12.2026' }),
    ).rejects.toThrow('Give the day as YYYY-MM-DD, e.g. 2026-12-03.')
    await expect(
      a.call('applications/update', { id: ids[0]!, state: 'offer', on: '2026-02-30' }),
    ).rejects.toThrow('That day is not in the calendar')
    await expect(a.call('applications/update', { id: 999_999, state: 'applied' })).rejects.toThrow(
      'There is no job 999999: reload the list.',
    )
    await expect(
      a.call('applications/update', { id: ids[0]!, state: 'applied', note: 'x'.repeat(4001) }),
    ).rejects.toThrow('Keep the note under 4,000 characters.')
    expect((await a.call('applications/list', {})).applications).toEqual([])
  })

  it('exports the record as CSV (a day per step, formula texts kept as text) and JSON that read back', async () => {
    const { a, ids } = await seeded()
    await a.call('jobs/set-state', { id: ids[1]!, state: 'applied', on: '2026-11-20' })
    await a.call('applications/update', {
      id: ids[1]!,
      state: 'interviewing',
      on: '2026-11-27',
      note: 'Line one,\nline "two"',
    })
    await a.call('jobs/set-state', { id: ids[3]!, state: 'applied', on: '2026-11-21' })
    await a.call('applications/update', { id: ids[3]!, state: 'withdrawn', on: '2026-11-22' })

    const csv = await a.call('applications/export', { format: 'csv' })
    expect(csv).toMatchObject({ count: 2, fileName: 'job-monitor-applications-2026-12-02.csv' })
    expect(csv.content.startsWith(`\uFEFF${APPLICATION_COLUMNS.join(',')}\r\n`)).toBe(true)
    const rows = parse(csv.content, { bom: true, columns: true }) as Array<Record<string, string>>
    const listed = (await a.call('applications/list', {})).applications
    expect(rows.map((r) => Number(r.job_id))).toEqual(listed.map((x) => x.jobId))
    expect(rows[0]).toMatchObject({
      company: 'N26',
      state: 'interviewing',
      applied_on: '2026-11-20',
      interviewing_on: '2026-11-27',
      offer_on: '',
      last_change_on: '2026-11-27',
      note: 'Line one,\nline "two"',
      apply_url: 'https://jobs.example.org/1',
    })
    expect(rows[1]).toMatchObject({ company: `'=HYPERLINK("x")`, withdrawn_on: '2026-11-22' })

    const json = await a.call('applications/export', { format: 'json', states: ['withdrawn'] })
    expect(JSON.parse(json.content)).toEqual(listed.filter((x) => x.state === 'withdrawn'))
  })

  it('gives the jobs marked applied before applications were recorded their step, dated the day of the mark', async () => {
    const handle = await t.fresh({ migrate: false })
    await migrateToLatest(
      handle,
      Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '2026-12-03-14-applications')),
    )
    const ada = await upsertUser(handle.db, { email: 'ada@example.com' }, fakes.clock.now)
    const [applied, saved] = await upsertJobs(
      handle.db,
      [0, 1].map((i) => ({
        job: makeJob({
          sourceJobId: `old-${i}`,
          title: `Old ${i}`,
          applyUrl: `https://jobs.example.org/old-${i}`,
        }),
        matches: [],
      })),
      fakes.clock.now,
    )
    await handle.db
      .insertInto('user_job_state')
      .values([
        { user_id: ada.id, job_id: applied!.jobId, state: 'applied', updated_at: '2026-11-12T09:30:00.000Z' },
        { user_id: ada.id, job_id: saved!.jobId, state: 'saved', updated_at: '2026-11-13T09:30:00.000Z' },
      ])
      .execute()
    await migrateToLatest(handle)
    await migrateToLatest(handle) // again: no second step
    expect(
      await handle.db.selectFrom('application_events').select(['job_id', 'state', 'on_date']).execute(),
    ).toEqual([{ job_id: applied!.jobId, state: 'applied', on_date: '2026-11-12' }])
    expect(await listApplications(handle.db, ada.id)).toEqual([
      expect.objectContaining({
        title: 'Old 0',
        state: 'applied',
        note: null,
        steps: [{ state: 'applied', on: '2026-11-12' }],
      }),
    ])
  })
})
