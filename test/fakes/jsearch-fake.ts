import { regionCode } from '../../src/main/core/places/regions'
import { type CorpusJob, cityNames, fakeWords, openAt } from './corpus'
import type { FakeClock } from './fake-clock'
import { type Answer, type Plan, RapidApiFake, type RapidApiFakeOptions } from './rapidapi-fake'

export const JSEARCH_FAKE_KEY = 'jsearch-test-key'

const WINDOWS: Record<string, number> = { today: 1, '3days': 3, week: 7, month: 30 }

export interface JsearchFakeOptions extends Partial<Omit<RapidApiFakeOptions, 'host' | 'clock'>> {
  clock: FakeClock
  corpus: CorpusJob[]
  /** `/search` answers 404 and only `/search-v2` works, as on some 2026 accounts. */
  v2Only?: boolean
  /** Highest `num_pages` accepted (newer spec 20, older 50). */
  maxNumPages?: number
  /** The plan's monthly requests (BASIC, the free plan, is 200). */
  requestsLimit?: number
}

/** JSearch behind the RapidAPI gateway: `/search`, `/search-v2`, exact billing, day-granular dates. */
export function createJsearchFake(options: JsearchFakeOptions): RapidApiFake {
  const plan: Plan =
    options.requestsLimit && options.requestsLimit > 200
      ? { name: 'PRO', requestsLimit: options.requestsLimit }
      : { name: 'BASIC', requestsLimit: options.requestsLimit ?? 200 }
  return new RapidApiFake(
    { host: 'jsearch.p.rapidapi.com', keys: { [JSEARCH_FAKE_KEY]: plan }, ...options },
    (path, query) => {
      if (path === '/search' && !options.v2Only) return search(query, options, 'v1')
      if (path === '/search-v2') return search(query, options, 'v2')
      if (path === '/job-details') return details(query, options)
      return undefined
    },
  )
}

/** Requests billed for one call: 1 page = 1, 2–10 pages = 2, 11+ pages = 3. */
export function jsearchBilling(numPages: number): number {
  return numPages <= 1 ? 1 : numPages <= 10 ? 2 : 3
}

function search(query: URLSearchParams, options: JsearchFakeOptions, version: 'v1' | 'v2'): Answer {
  const q = query.get('query')
  if (!q) return error(400, 'Missing required parameter: query')
  const page = Number(query.get('page') ?? '1')
  const numPages = Number(query.get('num_pages') ?? '1')
  const max = options.maxNumPages ?? 20
  if (!Number.isInteger(page) || page < 1 || page > 100) return error(400, 'page must be between 1 and 100')
  if (!Number.isInteger(numPages) || numPages < 1 || numPages > max)
    return error(400, `num_pages must be between 1 and ${max}`)
  const datePosted = query.get('date_posted') ?? 'all'
  if (datePosted !== 'all' && !(datePosted in WINDOWS))
    return error(400, `Invalid date_posted: ${datePosted}`)
  const country = (query.get('country') ?? 'us').toUpperCase()
  const remoteOnly = (query.get('work_from_home') ?? query.get('remote_jobs_only')) === 'true'
  const types = query.get('employment_types')?.split(',').filter(Boolean)
  const excluded = query
    .get('exclude_job_publishers')
    ?.split(',')
    .map((p) => p.trim().toLowerCase())

  const [titlePart, locationPart] = splitQuery(q.toLowerCase())
  const titleWords = fakeWords(titlePart)
  const now = options.clock.now().getTime()
  const since = datePosted === 'all' ? 0 : now - WINDOWS[datePosted]! * 86_400_000
  const matches = options.corpus.filter(
    (job) =>
      job.inJsearch &&
      openAt(job, now) &&
      job.countryCode === country &&
      job.postedAt.getTime() >= since &&
      job.postedAt.getTime() <= now &&
      titleWords.every((w) => fakeWords(job.title).includes(w)) &&
      (!locationPart || matchesPlace(job, locationPart)) &&
      (!remoteOnly || job.remote) &&
      (!types || types.includes(job.employmentType)) &&
      !excluded?.includes(job.publisher.toLowerCase()),
  )
  const slice = matches
    .slice((page - 1) * 10, (page - 1 + numPages) * 10)
    .map((job) => toJsearchJob(job, options.clock.now()))
  const parameters = {
    query: q.toLowerCase(),
    page,
    num_pages: numPages,
    date_posted: datePosted,
    country: country.toLowerCase(),
    language: 'en',
    ...(types ? { employment_types: types } : {}),
    ...(remoteOnly ? { work_from_home: true } : {}),
  }
  const body =
    version === 'v1'
      ? { status: 'OK', request_id: requestId(), parameters, data: slice }
      : {
          status: 'OK',
          request_id: requestId(),
          parameters,
          data: { jobs: slice, cursor: slice.length === numPages * 10 ? String(page + numPages) : null },
        }
  return { status: 200, body, billedRequests: jsearchBilling(numPages), billedJobs: 0 }
}

/** `/job-details`: up to 20 comma-separated ids, each billed as one request. */
function details(query: URLSearchParams, options: JsearchFakeOptions): Answer {
  const ids = (query.get('job_id') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  if (ids.length === 0) return error(400, 'Missing required parameter: job_id')
  if (ids.length > 20) return error(400, 'At most 20 job ids per request')
  const byId = new Map(options.corpus.filter((j) => j.inJsearch).map((j) => [j.jsearchId, j]))
  const data = ids.flatMap((id) => {
    const job = byId.get(id)
    return job ? [toJsearchJob(job, options.clock.now())] : []
  })
  return {
    status: 200,
    body: { status: 'OK', request_id: requestId(), parameters: { job_id: ids.join(',') }, data },
    billedRequests: ids.length,
    billedJobs: 0,
  }
}

function splitQuery(q: string): [string, string] {
  const at = q.lastIndexOf(' in ')
  return at < 0 ? [q, ''] : [q.slice(0, at), q.slice(at + 4)]
}

function matchesPlace(job: CorpusJob, place: string): boolean {
  const wanted = fakeWords(place.split(',')[0] ?? place).join(' ')
  return [...cityNames(job), job.region ?? '', job.country].some(
    (name) => fakeWords(name).join(' ') === wanted,
  )
}

function requestId(): string {
  return crypto.randomUUID()
}

function error(status: number, message: string): Answer {
  return {
    status,
    body: { status: 'ERROR', request_id: requestId(), error: { message, code: status } },
    billedRequests: 0,
    billedJobs: 0,
  }
}

const EMPLOYMENT_TEXT: Record<CorpusJob['employmentType'], string> = {
  FULLTIME: 'Full-time',
  PARTTIME: 'Part-time',
  CONTRACTOR: 'Contractor',
  INTERN: 'Internship',
}

/** "vor 3 Tagen", "3 dagen geleden", "3 days ago": how long ago, in the posting's language. */
function relativeText(job: CorpusJob, now: Date): string {
  const hours = Math.max(0, Math.floor((now.getTime() - job.postedAt.getTime()) / 3_600_000))
  const days = Math.floor(hours / 24)
  if (['DE', 'AT', 'CH'].includes(job.countryCode))
    return days === 0 ? `vor ${hours} Stunden` : days === 1 ? 'vor 1 Tag' : `vor ${days} Tagen`
  if (job.countryCode === 'NL') return days === 0 ? `${hours} uur geleden` : `${days} dagen geleden`
  return days === 0 ? `${hours} hours ago` : days === 1 ? '1 day ago' : `${days} days ago`
}

/** A corpus job as JSearch's job object, with its quirks: aggregator links with tracking, day-granular or null dates. */
export function toJsearchJob(job: CorpusJob, now: Date): Record<string, unknown> {
  const posted =
    job.jsearchDate === 'null'
      ? null
      : job.jsearchDate === 'midnight'
        ? new Date(
            Date.UTC(job.postedAt.getUTCFullYear(), job.postedAt.getUTCMonth(), job.postedAt.getUTCDate()),
          )
        : job.postedAt
  const applyLink = `${job.careersUrl}?utm_campaign=google_jobs_apply&utm_source=google_jobs_apply&utm_medium=organic`
  return {
    job_id: job.jsearchId,
    employer_name: job.company,
    employer_logo: null,
    employer_website: null,
    employer_company_type: null,
    employer_linkedin: null,
    job_publisher: job.publisher,
    // "FULLTIME" in 2024 answers, "Full-time" in 2025 ones.
    job_employment_type: job.n % 2 ? job.employmentType : EMPLOYMENT_TEXT[job.employmentType],
    job_employment_types: [job.employmentType],
    job_employment_type_text: job.employmentType === 'FULLTIME' ? 'Full-time' : job.employmentType,
    job_title: job.title,
    job_apply_link: applyLink,
    job_apply_is_direct: false,
    job_apply_quality_score: null,
    apply_options: [
      { publisher: job.publisher, apply_link: applyLink, is_direct: false },
      { publisher: `${job.company} Careers`, apply_link: job.careersUrl, is_direct: true },
    ],
    job_description: job.description,
    job_is_remote: job.remote,
    // Rows without a date carry only this, in the posting's language (2025 answers).
    job_posted_human_readable: relativeText(job, now),
    job_posted_at_timestamp: posted ? Math.floor(posted.getTime() / 1000) : null,
    job_posted_at_datetime_utc: posted ? posted.toISOString() : null,
    // As recorded: "Chicago, IL" in the US (state code), "City, Country" elsewhere.
    job_location:
      job.countryCode === 'US' && job.region
        ? `${job.city}, ${regionCode('US', job.region) ?? job.region}`
        : `${job.city}, ${job.country}`,
    job_city: job.city,
    job_state: job.region,
    job_country: job.countryCode,
    job_latitude: 52.52,
    job_longitude: 13.405,
    job_benefits: null,
    job_google_link: `https://www.google.com/search?q=jobs&udm=8#vhid=${encodeURIComponent(job.jsearchId)}`,
    job_offer_expiration_datetime_utc: null,
    job_offer_expiration_timestamp: null,
    job_required_experience: {
      no_experience_required: false,
      required_experience_in_months: null,
      experience_mentioned: false,
      experience_preferred: false,
    },
    job_salary: null,
    job_min_salary: job.salary?.min ?? null,
    job_max_salary: job.salary?.max ?? null,
    // Absent on many rows that have amounts, as in real answers (the key itself is missing).
    ...(job.n % 3 === 0 ? {} : { job_salary_currency: job.salary?.currency ?? null }),
    job_salary_period: job.salary?.period ?? null,
    job_highlights: { Qualifications: ['Python', 'SQL'] },
    job_job_title: null,
    job_posting_language: job.countryCode === 'DE' ? 'de' : 'en',
    job_onet_soc: '15113400',
    job_onet_job_zone: '4',
    job_occupational_categories: null,
    job_naics_code: null,
    job_naics_name: null,
  }
}
