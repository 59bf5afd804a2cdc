import { WORK_ARRANGEMENTS, type WorkArrangement } from '../../db/schema'
import type { NormalizedJob } from '../../jobs/job'
import type { ActiveJob } from './activejobs-schema'

export function adaptActiveJob(job: ActiveJob): NormalizedJob {
  const arrangement = WORK_ARRANGEMENTS.find((a) => a === job.ai_work_arrangement) ?? null
  const remote = job.remote_derived === true || job.location_type === 'TELECOMMUTE' || isRemote(arrangement)
  const salary = job.salary_raw?.value
  return {
    source: 'activejobs',
    sourceJobId: job.id,
    title: job.title.trim(),
    company: job.organization?.trim() || null,
    location: locationText(job),
    city: job.cities_derived?.[0] ?? null,
    region: job.regions_derived?.[0] ?? null,
    country: job.countries_derived?.[0] ?? null,
    isRemote: remote,
    workArrangement: arrangement ?? (remote ? 'Remote OK' : null),
    employmentType: job.employment_type?.[0]?.replace(/_/g, '') ?? null,
    salaryMin: job.ai_salary_minvalue ?? job.ai_salary_min_value ?? salary?.minValue ?? salary?.value ?? null,
    salaryMax: job.ai_salary_maxvalue ?? job.ai_salary_max_value ?? salary?.maxValue ?? null,
    salaryCurrency: job.ai_salary_currency ?? job.salary_raw?.currency ?? null,
    salaryPeriod: job.ai_salary_unittext ?? job.ai_salary_unit_text ?? salary?.unitText ?? null,
    description: job.description_text ?? null,
    applyUrl: job.url ?? null,
    postedAt: utc(job.date_posted) ?? utc(job.date_created),
    raw: job,
  }
}

function isRemote(arrangement: WorkArrangement | null): boolean {
  return arrangement === 'Remote OK' || arrangement === 'Remote Solely'
}

export function locationStrings(job: ActiveJob): string[] {
  return (job.locations_derived ?? []).map((l) =>
    typeof l === 'string' ? l : [l.city, l.admin, l.country].filter(Boolean).join(', '),
  )
}

function locationText(job: ActiveJob): string | null {
  return locationStrings(job)[0] ?? null
}

/** "2025-11-27T09:12:00" is UTC without its `Z`. */
function utc(value: string | null | undefined): string | null {
  if (!value) return null
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`
  const parsed = Date.parse(withZone)
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : null
}
