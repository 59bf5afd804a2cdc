import type { NormalizedJob } from '../../jobs/job'
import type { JsearchJob } from './jsearch-schema'

/** A JSearch job in the internal shape. JSearch only says remote or not, so the arrangement is "Remote OK" or unknown. */
export function adaptJsearchJob(job: JsearchJob): NormalizedJob {
  const location =
    job.job_location ?? ([job.job_city, job.job_state, job.job_country].filter(Boolean).join(', ') || null)
  return {
    source: 'jsearch',
    sourceJobId: job.job_id,
    title: job.job_title.trim(),
    company: job.employer_name?.trim() || null,
    location,
    city: job.job_city ?? null,
    region: job.job_state ?? null,
    country: job.job_country ?? null,
    isRemote: job.job_is_remote === true,
    workArrangement: job.job_is_remote ? 'Remote OK' : null,
    employmentType: job.job_employment_type ?? null,
    salaryMin: job.job_min_salary ?? null,
    salaryMax: job.job_max_salary ?? null,
    salaryCurrency: job.job_salary_currency ?? null,
    salaryPeriod: job.job_salary_period ?? null,
    description: job.job_description ?? null,
    applyUrl: job.job_apply_link ?? null,
    postedAt: postedAt(job),
    raw: job,
  }
}

function postedAt(job: JsearchJob): string | null {
  if (job.job_posted_at_datetime_utc) {
    const parsed = Date.parse(job.job_posted_at_datetime_utc)
    if (Number.isFinite(parsed)) return new Date(parsed).toISOString()
  }
  if (typeof job.job_posted_at_timestamp === 'number')
    return new Date(job.job_posted_at_timestamp * 1000).toISOString()
  return null
}
