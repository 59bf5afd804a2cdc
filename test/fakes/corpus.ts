/**
 * A seeded, realistic job corpus that both job-API fakes serve, so the same real-world job can turn up
 * under both APIs (with different ids, URLs with tracking parameters, "GmbH" spelt differently).
 */
export interface CorpusJob {
  n: number
  title: string
  company: string
  city: string
  /** Other spellings of the city that a search may use (München for Munich). */
  cityAliases: string[]
  region: string | null
  country: string
  countryCode: string
  postedAt: Date
  /** When Active Jobs DB indexed it: a little after posting. */
  createdAt: Date
  remote: boolean
  arrangement: 'On-site' | 'Hybrid' | 'Remote OK' | 'Remote Solely'
  employmentType: 'FULLTIME' | 'PARTTIME' | 'CONTRACTOR' | 'INTERN'
  salary: { min: number; max: number; currency: string; period: 'YEAR' | 'MONTH' | 'HOUR' } | null
  description: string
  /** The employer's own posting. */
  careersUrl: string
  publisher: string
  inJsearch: boolean
  inActiveJobs: boolean
  jsearchId: string
  activeJobsId: string
  /** How JSearch reports the posting time: exactly, rounded to midnight, or not at all. */
  jsearchDate: 'exact' | 'midnight' | 'null'
  /** When the opening closes (CorpusOptions.closingEvery): no API lists it after, Active Jobs DB's expired list does. */
  closesAt: Date | null
}

export const CORPUS_TITLES = [
  'Data Engineer',
  'Senior Data Engineer',
  'Data Scientist',
  'Senior Data Scientist',
  'ML Engineer',
  'Machine Learning Engineer',
  'Analytics Engineer',
  'Data Analyst',
  'Backend Developer',
  'Frontend Developer',
  'Full Stack Developer',
  'DevOps Engineer',
  'Site Reliability Engineer',
  'Product Manager',
  'UX Designer',
  'Software Engineer',
  'Nurse',
  'Accountant',
  'Sales Manager',
  'Marketing Manager',
]

export const CORPUS_CITIES: Array<
  Pick<CorpusJob, 'city' | 'cityAliases' | 'region' | 'country' | 'countryCode'>
> = [
  { city: 'Berlin', cityAliases: [], region: null, country: 'Germany', countryCode: 'DE' },
  { city: 'Hamburg', cityAliases: [], region: null, country: 'Germany', countryCode: 'DE' },
  {
    city: 'Munich',
    cityAliases: ['München', 'Muenchen'],
    region: 'Bavaria',
    country: 'Germany',
    countryCode: 'DE',
  },
  {
    city: 'Cologne',
    cityAliases: ['Köln', 'Koeln'],
    region: 'North Rhine-Westphalia',
    country: 'Germany',
    countryCode: 'DE',
  },
  {
    city: 'Frankfurt',
    cityAliases: ['Frankfurt am Main'],
    region: 'Hesse',
    country: 'Germany',
    countryCode: 'DE',
  },
  { city: 'Stuttgart', cityAliases: [], region: 'Baden-Württemberg', country: 'Germany', countryCode: 'DE' },
  { city: 'Vienna', cityAliases: ['Wien'], region: 'Vienna', country: 'Austria', countryCode: 'AT' },
  { city: 'Zurich', cityAliases: ['Zürich'], region: 'Zurich', country: 'Switzerland', countryCode: 'CH' },
  { city: 'Amsterdam', cityAliases: [], region: 'North Holland', country: 'Netherlands', countryCode: 'NL' },
  { city: 'London', cityAliases: [], region: 'England', country: 'United Kingdom', countryCode: 'GB' },
  {
    city: 'New York',
    cityAliases: ['NYC', 'New York City'],
    region: 'New York',
    country: 'United States',
    countryCode: 'US',
  },
  { city: 'Austin', cityAliases: [], region: 'Texas', country: 'United States', countryCode: 'US' },
]

export const CORPUS_COMPANIES = [
  'Zalando SE',
  'Delivery Hero SE',
  'N26 GmbH',
  'Celonis SE',
  'Personio GmbH',
  'HelloFresh SE',
  'SAP SE',
  'Siemens AG',
  'Trade Republic Bank GmbH',
  'Contentful GmbH',
  'GetYourGuide GmbH',
  'Babbel GmbH',
  'Flix SE',
  'Auto1 Group SE',
  'Mambu GmbH',
  'Raisin GmbH',
  'Sennder GmbH',
  'Taxfix SE',
  'Wefox GmbH',
  'Ecosia GmbH',
  'Booking.com B.V.',
  'Adyen N.V.',
  'Revolut Ltd',
  'Monzo Bank Ltd',
  'Spotify AB',
  'Datadog, Inc.',
  'Stripe, Inc.',
  'Shopify Inc.',
  'Klarna Bank AB',
  'Miro',
  'Charité Universitätsmedizin',
  'Deutsche Bahn AG',
  'Allianz SE',
  'BMW AG',
  'Bosch GmbH',
  'Otto GmbH & Co KG',
  'Check24 GmbH',
  'Scalable Capital GmbH',
  'Enpal GmbH',
  '1Komma5° GmbH',
]

const PUBLISHERS = ['LinkedIn', 'Indeed', 'Glassdoor', 'StepStone', 'ZipRecruiter', 'Xing']
const ATS = ['greenhouse', 'lever.co', 'personio', 'workday', 'smartrecruiters', 'ashby', 'recruitee']

const SENTENCES = [
  'We are looking for someone who enjoys building reliable systems.',
  'You will work with Python, SQL, Spark and Airflow on our data platform.',
  'Our team ships small, well-tested changes every day.',
  'Wir bieten flexible Arbeitszeiten, Homeoffice und ein Jobrad.',
  'You care about clean code, observability and good documentation.',
  'Experience with cloud platforms (AWS, GCP or Azure) is a plus.',
  'You will mentor others and shape how we work.',
  'Deutschkenntnisse sind von Vorteil, aber kein Muss.',
]

/** A small seeded PRNG (mulberry32): the same corpus every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface CorpusOptions {
  size?: number
  seed?: number
  /** Posting dates spread over this many days before `now`. */
  days?: number
  now: Date
  /**
   * Every Nth job is indexed by Active Jobs DB 72 hours after it was posted, as seen in real answers; a
   * daily load that asks by posting date misses such a job. Off by default.
   */
  lateIndexedEvery?: number
  /**
   * Titles and cities drawn with Zipf weights of this exponent (the first in each list most often), so some
   * searches are busy and many quiet, as in real life; without it, uniformly.
   */
  skew?: number
  /**
   * Every Nth job closes 7 to 29 days after it was posted (drawn from its number, not the seeded draws, so
   * the rest of the corpus stays as it is). Off by default.
   */
  closingEvery?: number
}

/** Cumulative Zipf weights for a list of `n`, or undefined for a uniform draw. */
function zipf(n: number, exponent: number | undefined): number[] | undefined {
  if (!exponent) return undefined
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** exponent)
  const total = weights.reduce((a, b) => a + b, 0)
  let sum = 0
  return weights.map((w) => (sum += w / total))
}

export function buildCorpus(options: CorpusOptions): CorpusJob[] {
  const random = seededRandom(options.seed ?? 1)
  const pick = <T>(items: readonly T[], cumulative?: number[]): T => {
    const r = random()
    if (!cumulative) return items[Math.floor(r * items.length)]!
    return items[
      Math.min(
        items.length - 1,
        cumulative.findIndex((c) => r < c),
      )
    ]!
  }
  const cityWeights = zipf(CORPUS_CITIES.length, options.skew)
  const titleWeights = zipf(CORPUS_TITLES.length, options.skew)
  const days = options.days ?? 60
  const jobs: CorpusJob[] = []
  // One opening per company, title and city, as in real life: a second one is a different team.
  const taken = new Set<string>()
  for (let n = 0; n < (options.size ?? 3000); n++) {
    const place = pick(CORPUS_CITIES, cityWeights)
    const company = pick(CORPUS_COMPANIES)
    let title = pick(CORPUS_TITLES, titleWeights)
    for (let team = 2; taken.has(`${company}|${title}|${place.city}`); team++) {
      title = `${title.replace(/ - Team \d+$/, '')} - Team ${team}`
    }
    taken.add(`${company}|${title}|${place.city}`)
    const postedAt = new Date(options.now.getTime() - Math.floor(random() * days * 86_400_000))
    const arrangement = pick([
      'On-site',
      'On-site',
      'Hybrid',
      'Hybrid',
      'Remote OK',
      'Remote Solely',
    ] as const)
    const where = random()
    const inJsearch = where < 0.7
    const inActiveJobs = where > 0.4 // 30% of jobs are under both APIs
    const quirk = random()
    const slug = company.toLowerCase().replace(/[^a-z0-9]+/g, '')
    jobs.push({
      n,
      title: random() < 0.35 && place.countryCode === 'DE' ? `${title} (m/w/d)` : title,
      company,
      ...place,
      postedAt,
      createdAt: new Date(
        postedAt.getTime() +
          Math.floor(random() * 6 * 3_600_000) +
          (options.lateIndexedEvery && n % options.lateIndexedEvery === 0 ? 72 * 3_600_000 : 0),
      ),
      remote: arrangement.startsWith('Remote'),
      arrangement,
      employmentType: pick(['FULLTIME', 'FULLTIME', 'FULLTIME', 'PARTTIME', 'CONTRACTOR', 'INTERN'] as const),
      salary:
        random() < 0.35
          ? {
              min: 45_000 + Math.floor(random() * 40) * 1000,
              max: 90_000 + Math.floor(random() * 40) * 1000,
              currency: place.countryCode === 'US' ? 'USD' : place.countryCode === 'GB' ? 'GBP' : 'EUR',
              period: 'YEAR',
            }
          : null,
      description: Array.from({ length: 4 + Math.floor(random() * 8) }, () => pick(SENTENCES)).join('\n'),
      careersUrl: `https://jobs.${slug}.example/${pick(ATS)}/${100000 + n}`,
      publisher: pick(PUBLISHERS),
      inJsearch,
      inActiveJobs,
      jsearchId: Buffer.from(`job-${options.seed ?? 1}-${n}`).toString('base64'),
      activeJobsId: String(1_900_000_000 + n),
      jsearchDate: quirk < 0.15 ? 'null' : quirk < 0.6 ? 'midnight' : 'exact',
      closesAt:
        options.closingEvery && n % options.closingEvery === 1
          ? new Date(postedAt.getTime() + (7 + (n % 23)) * 86_400_000)
          : null,
    })
  }
  return jobs.sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime())
}

/** Lower-case words without accents, for the fakes' matching. */
export function fakeWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9+#]+/)
    .filter(Boolean)
}

export function cityNames(job: CorpusJob): string[] {
  return [job.city, ...job.cityAliases]
}

/**
 * New openings posted just now for one title in one city: what a morning brings. Appended to the corpus the
 * fakes serve, so the next search finds them.
 */
export function publishJobs(
  corpus: CorpusJob[],
  options: { title: string; city: string; count: number; now: Date },
): CorpusJob[] {
  const place = CORPUS_CITIES.find((c) => c.city === options.city || c.cityAliases.includes(options.city))
  if (!place) throw new Error(`The fakes know no city "${options.city}".`)
  const first = corpus.reduce((n, job) => Math.max(n, job.n), 0) + 1
  const fresh = buildCorpus({ now: options.now, days: 1 / 24, size: options.count, seed: first }).map(
    (job, i) => ({
      ...job,
      ...place,
      n: first + i,
      title: options.title,
      company: `${job.company.replace(/ (SE|GmbH|AG|Inc\.)$/, '')} Labs ${first + i}`,
      careersUrl: job.careersUrl.replace(/\/\d+$/, `/${100000 + first + i}`),
      jsearchId: Buffer.from(`job-published-${first + i}`).toString('base64'),
      activeJobsId: String(1_900_000_000 + first + i),
      inJsearch: true,
      inActiveJobs: true,
    }),
  )
  corpus.unshift(...fresh)
  return fresh
}

/** Whether an opening is still open at `now` (ms). */
export function openAt(job: CorpusJob, now: number): boolean {
  return !job.closesAt || job.closesAt.getTime() > now
}

/**
 * Active Jobs DB's list of the jobs flagged expired "yesterday": updated at 01:30 UTC, so until then it is
 * still the list of the day before.
 */
export function expiredYesterday(corpus: readonly CorpusJob[], now: number): string[] {
  const day = 86_400_000
  const today = Math.floor((now - 90 * 60_000) / day) * day
  return corpus
    .filter(
      (j) =>
        j.inActiveJobs && j.closesAt && j.closesAt.getTime() >= today - day && j.closesAt.getTime() < today,
    )
    .map((j) => j.activeJobsId)
}
