import { type CorpusJob, expiredYesterday, fakeWords, openAt } from './corpus'
import type { FakeClock } from './fake-clock'
import { type Answer, type Plan, RapidApiFake, type RapidApiFakeOptions } from './rapidapi-fake'

export const ACTIVEJOBS_FAKE_KEY = 'activejobs-test-key'
/** A key on the BASIC plan, for which 1h/6m/expired/modified are disabled. */
export const ACTIVEJOBS_BASIC_KEY = 'activejobs-basic-key'

const ULTRA_ONLY = [
  '/active-ats-1h',
  '/active-ats-6m',
  '/active-ats-expired',
  '/expired-ats',
  '/modified-ats-24h',
]

export interface ActiveJobsFakeOptions extends Partial<Omit<RapidApiFakeOptions, 'host' | 'clock'>> {
  clock: FakeClock
  corpus: CorpusJob[]
}

/** Active Jobs DB behind the RapidAPI gateway: both API generations, the filter grammar, billing per job. */
export function createActiveJobsFake(options: ActiveJobsFakeOptions): RapidApiFake {
  const ultra: Plan = { name: 'ULTRA', requestsLimit: 20_000, jobsLimit: 20_000 }
  const basic: Plan = { name: 'BASIC', requestsLimit: 25, jobsLimit: 250, gatedPaths: ULTRA_ONLY }
  return new RapidApiFake(
    {
      host: 'active-jobs-db.p.rapidapi.com',
      keys: { [ACTIVEJOBS_FAKE_KEY]: ultra, [ACTIVEJOBS_BASIC_KEY]: basic },
      ...options,
    },
    (path, query, plan) => route(path, query, options, plan),
  )
}

interface Window {
  /** Which timestamp the window applies to. */
  field: 'postedAt' | 'createdAt'
  ms: number
  maxLimit: number
  minLimit: number
  defaultLimit: number
}

const LEGACY: Record<string, Window> = {
  '/active-ats-24h': { field: 'createdAt', ms: 86_400_000, minLimit: 10, maxLimit: 100, defaultLimit: 100 },
  '/active-ats-7d': { field: 'postedAt', ms: 7 * 86_400_000, minLimit: 10, maxLimit: 100, defaultLimit: 100 },
  '/active-ats-1h': { field: 'createdAt', ms: 3_600_000, minLimit: 100, maxLimit: 100, defaultLimit: 100 },
  '/active-ats-6m': {
    field: 'postedAt',
    ms: 183 * 86_400_000,
    minLimit: 10,
    maxLimit: 500,
    defaultLimit: 500,
  },
}

const TIME_FRAMES: Record<string, Window> = {
  // The 2026 rolling windows lag one hour behind for enrichment.
  '1h': { field: 'createdAt', ms: 3_600_000, minLimit: 100, maxLimit: 1000, defaultLimit: 100 },
  '24h': { field: 'createdAt', ms: 86_400_000, minLimit: 100, maxLimit: 1000, defaultLimit: 100 },
  '7d': { field: 'postedAt', ms: 7 * 86_400_000, minLimit: 100, maxLimit: 1000, defaultLimit: 100 },
  '6m': { field: 'postedAt', ms: 183 * 86_400_000, minLimit: 100, maxLimit: 1000, defaultLimit: 100 },
}

function route(
  path: string,
  query: URLSearchParams,
  options: ActiveJobsFakeOptions,
  plan: Plan,
): Answer | undefined {
  if (path === '/active-ats-expired' || path === '/expired-ats')
    return {
      status: 200,
      body: expiredYesterday(options.corpus, options.clock.now().getTime()),
      billedRequests: 1,
      billedJobs: 0,
    }
  if (path === '/modified-ats-24h') return { status: 200, body: [], billedRequests: 1, billedJobs: 0 }
  if (path in LEGACY) return list(query, LEGACY[path]!, 'legacy', options)
  if (path === '/active-ats') {
    const frame = TIME_FRAMES[query.get('time_frame') ?? '']
    if (!frame) return bad('time_frame is required: one of 1h, 24h, 7d, 6m')
    // The 2026 API gates its 1-hour and 6-month windows by plan, as the legacy one gates those endpoints.
    if (plan.gatedPaths?.length && ['1h', '6m'].includes(query.get('time_frame')!))
      return {
        status: 401,
        body: { message: 'This endpoint is disabled for your subscription' },
        billedRequests: 0,
        billedJobs: 0,
      }
    return list(query, frame, '2026', options)
  }
  return undefined
}

function list(
  query: URLSearchParams,
  window: Window,
  generation: 'legacy' | '2026',
  options: ActiveJobsFakeOptions,
): Answer {
  const names =
    generation === 'legacy'
      ? {
          title: 'title_filter',
          advanced: 'advanced_title_filter',
          location: 'location_filter',
          description: 'description_type',
        }
      : {
          title: 'title',
          advanced: 'title_advanced',
          location: 'location',
          description: 'description_format',
        }
  if (query.has(names.title) && query.has(names.advanced)) {
    return bad(`${names.advanced} cannot be combined with ${names.title}`)
  }
  const limit = Number(query.get('limit') ?? window.defaultLimit)
  const offset = Number(query.get('offset') ?? '0')
  if (!Number.isInteger(limit) || limit < window.minLimit || limit > window.maxLimit) {
    return bad(`limit must be between ${window.minLimit} and ${window.maxLimit}`)
  }
  if (!Number.isInteger(offset) || offset < 0) return bad('offset must be 0 or more')

  const now = options.clock.now().getTime()
  // The 2026 rolling windows end an hour before now (enrichment delay).
  const end = generation === '2026' && window.field === 'createdAt' ? now - 3_600_000 : now
  const start = end - window.ms
  const titleFilter = parseOrFilter(query.get(names.title))
  const locationFilter = parseOrFilter(query.get(names.location))
  const dateFilter = dateParam(query.get(generation === 'legacy' ? 'date_filter' : 'date_posted_gte'))
  const remote = query.get('remote')
  const matches = options.corpus.filter((job) => {
    const at = job[window.field].getTime()
    if (!job.inActiveJobs || at < start || at > end || !openAt(job, now)) return false
    if (
      dateFilter !== null &&
      !(generation === 'legacy' ? job.postedAt.getTime() > dateFilter : job.postedAt.getTime() >= dateFilter)
    )
      return false
    if (remote === 'true' && !job.remote) return false
    if (remote === 'false' && job.remote) return false
    if (titleFilter && !titleFilter.some((alternative) => matchesText(job.title, alternative))) return false
    if (
      locationFilter &&
      !locationFilter.some((alternative) => locationsOf(job).some((l) => matchesText(l, alternative)))
    )
      return false
    return true
  })
  const page = matches.slice(offset, offset + limit).map((job) =>
    toActiveJob(job, {
      generation,
      description: query.get(names.description),
      ai: generation === '2026' || query.get('include_ai') === 'true',
      li: query.get('include_li') === 'true',
    }),
  )
  return { status: 200, body: page, billedRequests: 1, billedJobs: page.length }
}

interface Alternative {
  phrases: string[][]
  excluded: string[][]
}

/**
 * The documented grammar: alternatives joined by `OR`; a quoted phrase must appear as a phrase,
 * unquoted words must all appear, a leading `-` excludes. Case-insensitive.
 */
export function parseOrFilter(value: string | null): Alternative[] | null {
  if (!value?.trim()) return null
  return value.split(/\s+OR\s+/).map((alternative) => {
    const phrases: string[][] = []
    const excluded: string[][] = []
    for (const match of alternative.matchAll(/(-?)"([^"]*)"|(-?)(\S+)/g)) {
      const negative = (match[1] ?? match[3]) === '-'
      const words = fakeWords(match[2] ?? match[4] ?? '')
      if (words.length) (negative ? excluded : phrases).push(words)
    }
    return { phrases, excluded }
  })
}

function matchesText(text: string, alternative: Alternative): boolean {
  const haystack = ` ${fakeWords(text).join(' ')} `
  const has = (words: string[]) => haystack.includes(` ${words.join(' ')} `)
  return alternative.phrases.every(has) && !alternative.excluded.some(has)
}

function dateParam(value: string | null): number | null {
  if (!value) return null
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)
  return Number.isFinite(parsed) ? parsed : null
}

function bad(message: string): Answer {
  return { status: 400, body: { message }, billedRequests: 0, billedJobs: 0 }
}

export function locationsOf(job: CorpusJob): string[] {
  return [[job.city, job.region !== job.city ? job.region : null, job.country].filter(Boolean).join(', ')]
}

/** A place listed first in the derived lists of some rows, as real answers do (McLean for Cambridge, MA). */
const OTHER_PLACE = { city: 'McLean', region: 'Virginia' }

/** UTC without a `Z`, as the API writes it. */
function naive(date: Date, micro = false): string {
  const iso = date.toISOString().replace('Z', '')
  return micro ? `${iso}118` : iso.slice(0, 19)
}

/** Legacy rows, as recorded: null, the enum, or the posting's own words ("Temps complet", "Yarı zamanlı"). */
function legacyEmploymentType(job: CorpusJob): string[] | null {
  if (job.n % 7 === 0) return null
  if (job.employmentType === 'FULLTIME' && job.n % 7 === 1) return ['Temps complet']
  if (job.employmentType === 'PARTTIME' && job.n % 2 === 1) return ['Yarı zamanlı']
  return [job.employmentType.replace('FULLTIME', 'FULL_TIME').replace('PARTTIME', 'PART_TIME')]
}

const WORDS_2026: Record<CorpusJob['employmentType'], string> = {
  FULLTIME: 'Full time',
  PARTTIME: 'Part time',
  CONTRACTOR: 'Contractor',
  INTERN: 'Internship',
}

/** A corpus job as Active Jobs DB's job object: the employer's own ATS link, numeric-string id. */
export function toActiveJob(
  job: CorpusJob,
  include: { description: string | null; ai: boolean; li: boolean; generation?: 'legacy' | '2026' },
): Record<string, unknown> {
  const company = job.n % 3 === 0 ? `${job.company}.` : job.company
  const out: Record<string, unknown> = {
    id: job.activeJobsId,
    date_posted: naive(job.postedAt),
    date_created: naive(job.createdAt, true),
    title: job.title,
    organization: company,
    organization_url: `https://${job.company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`,
    organization_logo: null,
    date_validthrough: null,
    locations_raw: [
      {
        '@type': 'Place',
        address: {
          '@type': 'PostalAddress',
          addressCountry: job.countryCode,
          addressLocality: job.city,
          addressRegion: job.region,
          streetAddress: null,
        },
      },
    ],
    locations_alt_raw: null,
    // Seen in real answers: TELECOMMUTE on jobs whose arrangement is On-site or Hybrid.
    location_type:
      job.arrangement === 'Remote Solely' || (!job.remote && job.n % 5 === 0)
        ? 'TELECOMMUTE'
        : job.n % 2
          ? null
          : '',
    location_requirements_raw: null,
    salary_raw: job.salary
      ? {
          '@type': 'MonetaryAmount',
          currency: job.salary.currency,
          value: {
            '@type': 'QuantitativeValue',
            minValue: job.salary.min,
            maxValue: job.salary.max,
            unitText: job.salary.period,
          },
        }
      : null,
    employment_type: legacyEmploymentType(job),
    url: job.careersUrl,
    source_type: 'ats',
    source: 'greenhouse',
    source_domain: new URL(job.careersUrl).hostname,
    // Seen in real answers: the derived lists are not aligned by index with locations_derived.
    cities_derived: job.n % 4 === 1 ? [OTHER_PLACE.city, job.city] : [job.city],
    counties_derived: [],
    regions_derived:
      job.n % 4 === 1
        ? [OTHER_PLACE.region, ...(job.region ? [job.region] : [])]
        : job.region
          ? [job.region]
          : [],
    countries_derived: [job.country],
    locations_derived: locationsOf(job),
    timezones_derived: ['Europe/Berlin'],
    lats_derived: [52.52],
    lngs_derived: [13.405],
    remote_derived: job.remote,
    domain_derived: new URL(job.careersUrl).hostname,
  }
  if (include.generation === '2026') {
    // The 2026 generation: numeric ids, no remote_derived key, `salary` for `salary_raw`, employment types
    // in words beside the AI's enum, fractions of a second on some dates.
    out.id = Number(job.activeJobsId)
    delete out.remote_derived
    out.salary = out.salary_raw
    delete out.salary_raw
    out.employment_type = [WORDS_2026[job.employmentType]]
    out.date_valid_through = null
    if (job.n % 3 === 0) out.date_posted = `${naive(job.postedAt)}.99`
  }
  if (include.description === 'text') out.description_text = job.description
  if (include.description === 'html')
    out.description_html = `<p>${job.description.replace(/\n/g, '</p><p>')}</p>`
  if (include.ai && include.generation === '2026') {
    // The 2026 names of the AI salary fields; a single figure comes as `ai_salary_value`.
    const single = job.salary && job.n % 2 === 0
    Object.assign(out, {
      ai_salary_currency: job.salary?.currency ?? null,
      ai_salary_value: single ? job.salary!.min : null,
      ai_salary_min_value: single ? null : (job.salary?.min ?? null),
      ai_salary_max_value: single ? null : (job.salary?.max ?? null),
      ai_salary_unit_text: job.salary?.period ?? null,
    })
  } else if (include.ai) {
    Object.assign(out, {
      ai_salary_currency: job.salary?.currency ?? null,
      ai_salary_value: null,
      ai_salary_minvalue: job.salary?.min ?? null,
      ai_salary_maxvalue: job.salary?.max ?? null,
      ai_salary_unittext: job.salary?.period ?? null,
    })
  }
  if (include.ai) {
    Object.assign(out, {
      ai_work_arrangement: job.arrangement,
      ai_experience_level: '2-5',
      ai_employment_type: [job.employmentType.replace('FULLTIME', 'FULL_TIME')],
      ai_key_skills: ['Python', 'SQL'],
    })
  }
  if (include.li)
    Object.assign(out, { linkedin_org_employees: 1200, linkedin_org_industry: 'Software Development' })
  return out
}
