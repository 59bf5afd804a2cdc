import type { NormalizedJob } from '../../src/main/core/jobs/job'

/** A realistic job with every field set; override what a test is about. */
export function makeJob(overrides: Partial<NormalizedJob> = {}): NormalizedJob {
  return {
    source: 'jsearch',
    sourceJobId: 'Xk3n9pQ2aB0AAAAAAAAAAA==',
    title: 'Data Engineer (m/w/d)',
    company: 'Example GmbH',
    location: 'Berlin, Germany',
    city: 'Berlin',
    region: 'Berlin',
    country: 'DE',
    isRemote: false,
    workArrangement: 'Hybrid',
    employmentType: 'full-time',
    salaryMin: null,
    salaryMax: null,
    salaryCurrency: null,
    salaryPeriod: null,
    description: 'Wir suchen ...\n• Python\n• Spark',
    applyUrl:
      'https://de.linkedin.com/jobs/view/data-engineer-4100000000?utm_campaign=google_jobs_apply&utm_source=google_jobs_apply&utm_medium=organic',
    postedAt: '2026-11-27T00:00:00.000Z',
    raw: { job_id: overrides.sourceJobId ?? 'Xk3n9pQ2aB0AAAAAAAAAAA==' },
    ...overrides,
  }
}

/** A clock a test can move: `clock.set('2026-11-28T06:00:00Z')`, `clock.advance(ms)`. */
export function testClock(start = '2026-11-28T06:00:00.000Z') {
  let now = new Date(start).getTime()
  const clock = () => new Date(now)
  return Object.assign(clock, {
    set(iso: string) {
      now = new Date(iso).getTime()
    },
    advance(ms: number) {
      now += ms
    },
  })
}
