import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { cli } from '../helpers/cli'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 6000 })
})
afterAll(() => fakes.stop())

describeEachDialect('job-monitor status and jobs', (t) => {
  it('show the combinations with their backfill, the runs, the next run, the quota, and the feed', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url, JSEARCH_API_KEY: JSEARCH_FAKE_KEY, JSEARCH_BASE_URL: fakes.jsearch.url }
    await cli(['cv', 'add', 'test/fixtures/cvs/headline-devops.txt', '--email', 'j@example.com'], env)

    const status = await cli(['status', '--json'], env)
    expect(status.code).toBe(0)
    const json = JSON.parse(status.stdout)
    expect(json.combinations).toHaveLength(4)
    expect(json.combinations[0].backfill.jsearch).toMatchObject({ status: 'done', error: null })
    expect(json.runs[0]).toMatchObject({ kind: 'backfill', trigger: 'cv-import', status: 'success' })
    expect(json.nextRun.slot).toMatch(/^daily:\d{4}-\d\d-\d\dT06:00@Europe\/Berlin$/)
    expect(json.quota.find((q: { source: string }) => q.source === 'jsearch')).toMatchObject({
      enabled: true,
      requests: { limit: 200 },
    })
    expect(json.quota.find((q: { source: string }) => q.source === 'activejobs')).toMatchObject({
      enabled: false,
    })

    const text = await cli(['status'], env)
    expect(text.stdout).toMatch(
      /DevOps Engineer × Hamburg\s+1 row\s+JSearch done \(\d+ jobs\), Active Jobs DB not yet/,
    )
    expect(text.stdout).toMatch(/Active Jobs DB \(off: no key\): 0 jobs used/)

    const feed = await cli(['jobs', '--limit', '5'], env)
    expect(feed.code).toBe(0)
    expect(feed.stdout).toMatch(/5 jobs for j@example\.com, newest first\./)
    const jobs = JSON.parse(
      (await cli(['jobs', '--email', 'j@example.com', '--json', '--limit', '3'], env)).stdout,
    )
    expect(jobs).toHaveLength(3)
    expect(jobs[0]).toEqual(
      expect.objectContaining({
        title: expect.any(String),
        state: 'new',
        applyUrl: expect.stringMatching(/^https:/),
      }),
    )
    const when = (j: { postedAt: string | null; firstSeenAt: string }) => j.postedAt ?? j.firstSeenAt
    expect(when(jobs[0]) >= when(jobs[1])).toBe(true)
  })

  it('refuse a bad limit and say whose feed when several people share the database', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url }
    expect((await cli(['jobs', '--limit', 'lots'], env)).stderr).toBe(
      'job-monitor: --limit must be a whole number from 1 to 1000, not "lots".',
    )
    expect((await cli(['jobs'], env)).stderr).toMatch(/No one has a plan yet/)
    await cli(
      ['cv', 'add', 'test/fixtures/cvs/de-pflege.txt', '--email', 'a@example.de', '--no-backfill'],
      env,
    )
    await cli(['cv', 'add', 'test/fixtures/cvs/student.txt', '--email', 'b@example.de', '--no-backfill'], env)
    expect((await cli(['jobs'], env)).stderr).toBe(
      'job-monitor: 2 people share this database: say whose feed with --email.',
    )
    expect((await cli(['jobs', '--email', 'a@example.de'], env)).stdout).toMatch(
      /No jobs yet for a@example\.de/,
    )
  })
})
