import { expect, it } from 'vitest'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { testClock } from '../../../../test/helpers/jobs'
import { combinationKey } from '../normalize/combination-key'
import { upsertJobs } from '../repos/jobs-repo'
import { adaptActiveJob } from './activejobs/activejobs-adapter'
import { activeJobSchema } from './activejobs/activejobs-schema'
import { adaptJsearchJob } from './jsearch/jsearch-adapter'
import { jsearchJobSchema } from './jsearch/jsearch-schema'

/**
 * Rows shaped as recorded real answers of the two APIs: the same posting seen by both has different
 * spellings of its place ("Chicago, IL" / "Chicago, Illinois, United States"), its type ("Full-time" /
 * ["FULL_TIME"]) and its country (US / "United States"). Stored, it is one job in one vocabulary.
 */
const now = new Date('2026-11-28T06:00:00Z')

const jsearchRow = jsearchJobSchema.parse({
  job_id: 'mQ3u2_chicago==',
  job_title: 'Data Engineer',
  employer_name: 'Example Analytics, Inc.',
  job_employment_type: 'Full-time',
  job_employment_types: ['FULLTIME'],
  job_apply_link: 'https://www.linkedin.com/jobs/view/1234',
  job_posted_at_datetime_utc: null,
  job_posted_at_timestamp: null,
  job_posted_at: '2 days ago',
  job_location: 'Chicago, IL',
  job_city: 'Chicago',
  job_state: 'IL',
  job_country: 'US',
  job_min_salary: 92820,
  job_max_salary: 120120,
  job_salary_period: 'YEAR',
})

const activeRow = activeJobSchema.parse({
  id: 2229498711,
  title: 'Data Engineer',
  organization: 'Example Analytics',
  url: 'https://boards.greenhouse.io/example/jobs/42',
  date_posted: '2026-11-26T07:12:40.5',
  locations_derived: ['Chicago, Illinois, United States'],
  cities_derived: ['McLean', 'Chicago'],
  regions_derived: ['Virginia', 'Illinois'],
  countries_derived: ['United States'],
  employment_type: ['Full time'],
  ai_employment_type: ['FULL_TIME'],
  salary: { currency: 'USD', value: { minValue: 92820, maxValue: 120120, unitText: 'YEAR' } },
  location_type: 'TELECOMMUTE',
  ai_work_arrangement: 'On-site',
})

describeEachDialect('the same job from both APIs', (t) => {
  it('is one job: one place key, one employment type, ISO country and currency', async () => {
    const { db } = await t.fresh()
    const fromJsearch = adaptJsearchJob(jsearchRow, now)
    const fromActive = adaptActiveJob(activeRow)
    for (const job of [fromJsearch, fromActive]) {
      expect(job).toMatchObject({
        city: 'Chicago',
        region: 'IL',
        country: 'US',
        employmentType: 'full-time',
        salaryCurrency: 'USD',
        salaryPeriod: 'YEAR',
        isRemote: false,
      })
    }
    const matches = [combinationKey('Data Engineer', 'Chicago')]
    const outcomes = await upsertJobs(
      db,
      [
        { job: fromJsearch, matches },
        { job: fromActive, matches },
      ],
      testClock(),
    )
    expect(outcomes[1]!.jobId).toBe(outcomes[0]!.jobId)
    const jobs = await db.selectFrom('jobs').selectAll().execute()
    expect(jobs).toHaveLength(1)
    expect(jobs[0]).toMatchObject({
      country: 'US',
      employment_type: 'full-time',
      employment_type_text: 'Full-time',
      salary_currency: 'USD',
    })
    expect(await db.selectFrom('job_postings').select('source').orderBy('source').execute()).toEqual([
      { source: 'activejobs' },
      { source: 'jsearch' },
    ])
  })

  it('shows an undated job as first seen, below later postings, and never as new again', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const undated = adaptJsearchJob(
      jsearchJobSchema.parse({ ...jsearchRow, job_id: 'undated', job_posted_at: null, job_apply_link: null }),
      clock(),
    )
    expect(undated.postedAt).toBeNull()
    const matches = [combinationKey('Data Engineer', 'Chicago')]
    const [first] = await upsertJobs(db, [{ job: undated, matches }], clock)
    expect(first!.isNew).toBe(true)
    // The next day it comes again in the next window, and a job posted today comes with it.
    clock.advance(86_400_000)
    const posted = {
      ...undated,
      sourceJobId: 'posted',
      title: 'Senior Data Engineer',
      postedAt: clock().toISOString(),
    }
    const [again, fresh] = await upsertJobs(
      db,
      [
        { job: undated, matches },
        { job: posted, matches },
      ],
      clock,
    )
    expect(again!.isNew).toBe(false)
    expect(fresh!.isNew).toBe(true)
    const rows = await db
      .selectFrom('jobs')
      .select(['title', 'posted_at', 'first_seen_at', 'sort_at'])
      .orderBy('sort_at', 'desc')
      .execute()
    expect(rows).toEqual([
      expect.objectContaining({ title: 'Senior Data Engineer' }),
      // Placed by when it was first seen, which did not move when it was seen again.
      {
        title: 'Data Engineer',
        posted_at: null,
        first_seen_at: '2026-11-28T06:00:00.000Z',
        sort_at: '2026-11-28T06:00:00.000Z',
      },
    ])
  })
})

it('stores an apply URL only when it is a web link, from either API', () => {
  for (const link of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>x</script>',
    'not a url',
  ]) {
    expect(adaptJsearchJob({ ...jsearchRow, job_apply_link: link }, now).applyUrl, link).toBeNull()
    expect(adaptActiveJob({ ...activeRow, url: link }).applyUrl, link).toBeNull()
  }
  expect(adaptJsearchJob(jsearchRow, now).applyUrl).toMatch(/^https:\/\//)
  expect(adaptActiveJob(activeRow).applyUrl).toBe('https://boards.greenhouse.io/example/jobs/42')
})
