import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../../test/fakes/index'
import { activeJobsAgainst, backfillWindow, collector, grid } from '../../../../../test/helpers/sources'
import { canonicalPlace } from '../../normalize/job-place'
import type { CallRecord } from '../rapidapi-gateway'
import { adaptActiveJob } from './activejobs-adapter'
import { activeJobSchema } from './activejobs-schema'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 4000 })
})
afterAll(() => fakes.stop())

describe.each(['legacy', '2026'] as const)(
  'Active Jobs DB rows as real answers shape them (%s API)',
  (generation) => {
    it('place from one location entry, remote only when the arrangement says so', async () => {
      const calls: CallRecord[] = []
      const { pages, onPage } = collector()
      await activeJobsAgainst(fakes, calls, { generation }).fetch(
        grid(['Data Engineer', 'Data Scientist', 'Software Engineer'], ['Berlin', 'London', 'New York']),
        backfillWindow(fakes, 7),
        { maxPages: 5, onPage },
      )
      const items = pages.flatMap((p) => p.items)
      const raws = items.map((i) => i.job.raw as Record<string, unknown>)
      // The fake serves the shapes that broke us: misaligned derived lists, TELECOMMUTE on on-site jobs.
      expect(raws.some((r) => (r.cities_derived as string[])[0] === 'McLean')).toBe(true)
      expect(raws.some((r) => r.location_type === 'TELECOMMUTE' && r.ai_work_arrangement === 'On-site')).toBe(
        true,
      )
      if (generation === '2026') expect(raws.every((r) => !('remote_derived' in r))).toBe(true)
      const byId = new Map(fakes.corpus.map((j) => [j.activeJobsId, j]))
      for (const { job } of items) {
        const truth = byId.get(job.sourceJobId)!
        // One place vocabulary: the canonical city, and the country as ISO alpha-2 (the API says "Germany").
        const place = canonicalPlace({ city: truth.city, country: truth.countryCode })
        expect([job.sourceJobId, job.city, job.country]).toEqual([
          job.sourceJobId,
          place.city,
          truth.countryCode,
        ])
        expect([job.sourceJobId, job.isRemote]).toEqual([job.sourceJobId, truth.remote])
        // One employment vocabulary whatever the row says ("Temps complet", ["Full time"] + ["FULL_TIME"]);
        // a legacy row without any says nothing.
        const raw = job.raw as Record<string, unknown>
        const said = raw.employment_type !== null || raw.ai_employment_type !== undefined
        expect([job.sourceJobId, job.employmentType]).toEqual([
          job.sourceJobId,
          said ? EMPLOYMENT[truth.employmentType] : null,
        ])
        // The salary under its 2026 names too: one figure as ai_salary_value, the object as `salary`.
        if (truth.salary) {
          expect([job.salaryMin, job.salaryCurrency, job.salaryPeriod]).toEqual([
            truth.salary.min,
            truth.salary.currency,
            truth.salary.period,
          ])
        } else expect([job.salaryMin, job.salaryMax]).toEqual([null, null])
        // Dates with and without fractions of a second ("2025-09-02T10:49:12.99").
        const seconds = Math.floor(truth.postedAt.getTime() / 1000) * 1000
        const fraction = String(raw.date_posted).endsWith('.99') ? 990 : 0
        expect([job.sourceJobId, job.postedAt]).toEqual([
          job.sourceJobId,
          new Date(seconds + fraction).toISOString(),
        ])
      }
    })
  },
)

const EMPLOYMENT = {
  FULLTIME: 'full-time',
  PARTTIME: 'part-time',
  CONTRACTOR: 'contract',
  INTERN: 'internship',
} as const

describe('the adapter on a recorded row', () => {
  it('reads Cambridge, Massachusetts from locations_derived, not McLean from cities_derived', () => {
    const job = adaptActiveJob(
      activeJobSchema.parse({
        id: 2229498706,
        title: 'Research Engineer',
        date_posted: '2025-09-02T10:49:12.99',
        locations_derived: ['Cambridge, Massachusetts, United States', 'McLean, Virginia, United States'],
        cities_derived: ['McLean', 'Cambridge'],
        regions_derived: ['Virginia', 'Massachusetts'],
        countries_derived: ['United States'],
        location_type: 'TELECOMMUTE',
        ai_work_arrangement: 'Hybrid',
      }),
    )
    expect(job).toMatchObject({
      sourceJobId: '2229498706',
      city: 'Cambridge',
      region: 'MA',
      country: 'US',
      isRemote: false,
      workArrangement: 'Hybrid',
      postedAt: '2025-09-02T10:49:12.990Z',
    })
  })
})
