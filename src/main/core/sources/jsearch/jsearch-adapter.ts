import { webLinkOrNull } from '../../../../shared/links'
import type { NormalizedJob } from '../../jobs/job'
import { currencyCode } from '../../normalize/currency'
import { employmentTypeOf } from '../../normalize/employment-type'
import { canonicalPlace } from '../../normalize/job-place'
import type { JsearchJob } from './jsearch-schema'
import { relativePostedAt } from './relative-date'

/**
 * A JSearch job in the internal shape. JSearch only says remote or not, so the arrangement is "Remote OK"
 * or unknown. `now` is when the answer came: a row with only a relative posting time is dated from it.
 */
export function adaptJsearchJob(job: JsearchJob, now: Date = new Date()): NormalizedJob {
  const hasAmount = job.job_min_salary != null || job.job_max_salary != null
  const location =
    job.job_location ?? ([job.job_city, job.job_state, job.job_country].filter(Boolean).join(', ') || null)
  const place = canonicalPlace({
    city: job.job_city,
    region: job.job_state,
    country: job.job_country,
    location,
  })
  const employment = job.job_employment_type ?? job.job_employment_types?.find(Boolean) ?? null
  return {
    source: 'jsearch',
    sourceJobId: job.job_id,
    title: job.job_title.trim(),
    company: job.employer_name?.trim() || null,
    location,
    city: place.city,
    region: place.region,
    country: place.country,
    isRemote: job.job_is_remote === true,
    workArrangement: job.job_is_remote ? 'Remote OK' : null,
    employmentType: employmentTypeOf([job.job_employment_type, ...(job.job_employment_types ?? [])]),
    employmentTypeText: employment,
    salaryMin: job.job_min_salary ?? null,
    salaryMax: job.job_max_salary ?? null,
    // Often absent on rows with amounts: the country's currency is what such a salary is in.
    salaryCurrency: currencyCode(job.job_salary_currency, place.country, hasAmount),
    // A period without an amount says nothing.
    salaryPeriod: hasAmount ? (job.job_salary_period ?? null) : null,
    description: job.job_description ?? null,
    // Stored only as a web link: a `javascript:` or `file:` URL from a source never reaches a button.
    applyUrl: webLinkOrNull(job.job_apply_link),
    postedAt: postedAt(job, now),
    raw: job,
  }
}

function postedAt(job: JsearchJob, now: Date): string | null {
  if (job.job_posted_at_datetime_utc) {
    const parsed = Date.parse(job.job_posted_at_datetime_utc)
    if (Number.isFinite(parsed)) return new Date(parsed).toISOString()
  }
  if (typeof job.job_posted_at_timestamp === 'number')
    return new Date(job.job_posted_at_timestamp * 1000).toISOString()
  const relative = relativePostedAt(job.job_posted_human_readable ?? job.job_posted_at, now)
  return relative ? relative.toISOString() : null
}
