import { webLinkOrNull } from '../../../../shared/links'
import { WORK_ARRANGEMENTS, type WorkArrangement } from '../../db/schema'
import type { NormalizedJob } from '../../jobs/job'
import { currencyCode } from '../../normalize/currency'
import { employmentTypeOf } from '../../normalize/employment-type'
import { canonicalPlace } from '../../normalize/job-place'
import type { ActiveJob } from './activejobs-schema'

export function adaptActiveJob(job: ActiveJob): NormalizedJob {
  const arrangement = WORK_ARRANGEMENTS.find((a) => a === job.ai_work_arrangement) ?? null
  // The arrangement wins: real rows say `location_type: "TELECOMMUTE"` on jobs whose arrangement is
  // On-site or Hybrid. Only without an arrangement do the other two flags decide.
  const remote =
    arrangement !== null
      ? isRemote(arrangement)
      : job.remote_derived === true || job.location_type === 'TELECOMMUTE'
  const written = primaryPlace(job)
  const place = canonicalPlace({ ...written, location: locationText(job) })
  const salary = salaryOf(job)
  const hasAmount = salary.min !== null || salary.max !== null
  return {
    source: 'activejobs',
    sourceJobId: job.id,
    title: job.title.trim(),
    company: job.organization?.trim() || null,
    location: locationText(job),
    city: place.city,
    region: place.region,
    country: place.country,
    isRemote: remote,
    workArrangement: arrangement ?? (remote ? 'Remote OK' : null),
    employmentType: employmentTypeOf([...(job.ai_employment_type ?? []), ...(job.employment_type ?? [])]),
    employmentTypeText: job.employment_type?.find(Boolean) ?? job.ai_employment_type?.find(Boolean) ?? null,
    salaryMin: salary.min,
    salaryMax: salary.max,
    salaryCurrency: currencyCode(salary.currency, place.country, hasAmount),
    // A period without an amount says nothing.
    salaryPeriod: hasAmount ? salary.period : null,
    description: job.description_text ?? null,
    // Stored only as a web link: a `javascript:` or `file:` URL from a source never reaches a button.
    applyUrl: webLinkOrNull(job.url),
    postedAt: utc(job.date_posted) ?? utc(job.date_created),
    keySkills: (job.ai_key_skills ?? []).flatMap((s) => (s?.trim() ? [s.trim()] : [])),
    raw: job,
  }
}

/**
 * The salary under any of its names: `ai_salary_*` (legacy `minvalue`, 2026 `min_value`, or one
 * `ai_salary_value`), else the posting's own `salary_raw` (2026: `salary`) schema.org object.
 */
function salaryOf(job: ActiveJob): {
  min: number | null
  max: number | null
  currency: string | null
  period: string | null
} {
  const raw = job.salary_raw ?? (typeof job.salary === 'object' ? job.salary : null)
  const value = raw?.value
  const object = typeof value === 'object' && value !== null ? value : null
  const bare = typeof value === 'number' ? value : typeof job.salary === 'number' ? job.salary : null
  const min =
    job.ai_salary_minvalue ??
    job.ai_salary_min_value ??
    job.ai_salary_value ??
    object?.minValue ??
    object?.value ??
    bare
  const max = job.ai_salary_maxvalue ?? job.ai_salary_max_value ?? object?.maxValue ?? null
  return {
    min: min ?? null,
    max: max ?? null,
    currency: job.ai_salary_currency ?? raw?.currency ?? null,
    period: job.ai_salary_unittext ?? job.ai_salary_unit_text ?? object?.unitText ?? raw?.unitText ?? null,
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

/**
 * City, region and country of the job's first location, all from that one entry. `cities_derived`,
 * `regions_derived` and `countries_derived` are separate lists not aligned by index (a job in Cambridge,
 * Massachusetts had McLean and Virginia first), so they are used only when there is no location entry.
 */
export function primaryPlace(job: ActiveJob): {
  city: string | null
  region: string | null
  country: string | null
} {
  const first = job.locations_derived?.[0]
  if (first && typeof first !== 'string') {
    return { city: first.city ?? null, region: first.admin ?? null, country: first.country ?? null }
  }
  if (first) {
    const parts = first
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
    if (parts.length >= 3)
      return { city: parts[0]!, region: parts.slice(1, -1).join(', '), country: parts.at(-1)! }
    if (parts.length === 2) return { city: parts[0]!, region: null, country: parts[1]! }
    if (parts.length === 1) {
      // One name: a country when the job's countries say so, else a city.
      const isCountry = job.countries_derived?.includes(parts[0]!) ?? false
      return isCountry
        ? { city: null, region: null, country: parts[0]! }
        : { city: parts[0]!, region: null, country: null }
    }
  }
  return {
    city: job.cities_derived?.[0] ?? null,
    region: job.regions_derived?.[0] ?? null,
    country: job.countries_derived?.[0] ?? null,
  }
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
