import type { NormalizedJob } from '../src/main/core/jobs/job'
import { type CombinationKey, combinationKey } from '../src/main/core/normalize/combination-key'
import { CORPUS_COMPANIES, seededRandom } from '../test/fakes/corpus'

export const TITLES = [
  'Data Engineer',
  'Data Scientist',
  'ML Engineer',
  'Analytics Engineer',
  'Backend Developer',
  'Frontend Developer',
  'DevOps Engineer',
  'Product Manager',
  'UX Designer',
  'Site Reliability Engineer',
]
export const CITIES = [
  'Berlin',
  'Hamburg',
  'München',
  'Köln',
  'Frankfurt am Main',
  'Stuttgart',
  'Leipzig',
  'Düsseldorf',
]
/** The first 20 employers of the fakes' corpus. */
const COMPANIES = CORPUS_COMPANIES.slice(0, 20)
const WORDS =
  'we are looking for an experienced engineer to join our team and build reliable data pipelines with python spark airflow kubernetes and postgres you will work closely with product and analytics to ship features that matter to millions of customers across europe'.split(
    ' ',
  )

export function description(random: () => number): string {
  const target = 2048 + Math.floor(random() * 4096)
  const parts: string[] = []
  let length = 0
  while (length < target) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!
    parts.push(word)
    length += word.length + 1
  }
  return parts.join(' ')
}

/**
 * Words at the ranks real job descriptions give them (1 = the most frequent): the searched words are among
 * them, the rest of the 5,000 are made up. Drawn with Zipf's law (exponent 1.07), as natural text is, so a
 * word is in a realistic share of the jobs: `data` in most, `python` in many, `kubernetes` in few.
 */
const ZIPF_WORDS: Record<number, string> = {
  1: 'the',
  2: 'and',
  3: 'to',
  4: 'of',
  5: 'a',
  6: 'you',
  7: 'in',
  8: 'we',
  9: 'with',
  10: 'for',
  14: 'team',
  20: 'data',
  35: 'experience',
  60: 'engineer',
  90: 'senior',
  140: 'python',
  260: 'cloud',
  420: 'pipelines',
  700: 'spark',
  1200: 'kubernetes',
  2100: 'airflow',
}
const ZIPF_SIZE = 5000
let zipfCumulative: Float64Array | undefined

export function zipfDescription(random: () => number): string {
  if (!zipfCumulative) {
    zipfCumulative = new Float64Array(ZIPF_SIZE)
    let sum = 0
    for (let r = 1; r <= ZIPF_SIZE; r++) {
      sum += 1 / r ** 1.07
      zipfCumulative[r - 1] = sum
    }
  }
  const cumulative = zipfCumulative
  const total = cumulative[ZIPF_SIZE - 1]!
  const target = 2048 + Math.floor(random() * 4096)
  const parts: string[] = []
  let length = 0
  while (length < target) {
    const x = random() * total
    let lo = 0
    let hi = ZIPF_SIZE - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < x) lo = mid + 1
      else hi = mid
    }
    const word = ZIPF_WORDS[lo + 1] ?? `w${(lo + 1).toString(36)}x`
    parts.push(word)
    length += word.length + 1
  }
  return parts.join(' ')
}

export interface SyntheticItem {
  job: NormalizedJob
  matches: CombinationKey[]
  /** Which real-world job this sighting is: duplicates share their original's number. */
  identity: number
}

/**
 * `count` sightings of jobs: a share of them (`duplicateShare`) is the same job seen again by the other
 * API, with its own id, tracking parameters on the URL, and "GmbH." spelled differently.
 */
export function syntheticSightings(
  count: number,
  duplicateShare: number,
  seed = 42,
  /** narrow: 45 words, so every job holds every word (the worst case); zipf: a realistic vocabulary. */
  vocabulary: 'narrow' | 'zipf' = 'narrow',
): SyntheticItem[] {
  const random = seededRandom(seed)
  const uniqueCount = Math.round(count * (1 - duplicateShare))
  const originals: SyntheticItem[] = []
  const base = Date.parse('2026-11-28T00:00:00.000Z')
  for (let i = 0; i < uniqueCount; i++) {
    const title = TITLES[i % TITLES.length]!
    const city = CITIES[Math.floor(i / TITLES.length) % CITIES.length]!
    const company = COMPANIES[Math.floor(random() * COMPANIES.length)]!
    originals.push({
      job: {
        source: 'jsearch',
        sourceJobId: `js-${i}-${Math.floor(random() * 1e9).toString(36)}`,
        title: `${random() < 0.3 ? 'Senior ' : ''}${title} (m/w/d) #${i}`,
        company,
        location: `${city}, Germany`,
        city,
        region: null,
        country: 'DE',
        isRemote: random() < 0.2,
        workArrangement: random() < 0.5 ? 'Hybrid' : 'On-site',
        employmentType: 'full-time',
        salaryMin: random() < 0.3 ? 50_000 + Math.floor(random() * 40_000) : null,
        salaryMax: null,
        salaryCurrency: null,
        salaryPeriod: null,
        description: vocabulary === 'zipf' ? zipfDescription(random) : description(random),
        applyUrl: `https://careers.example-${i % 977}.de/jobs/${i}?utm_source=google_jobs_apply`,
        postedAt: new Date(base - Math.floor(random() * 30 * 86_400_000)).toISOString(),
        raw: { id: i, employer_name: company, job_title: title },
      },
      matches: [combinationKey(title, city)],
      identity: i,
    })
  }
  const duplicates: SyntheticItem[] = []
  for (let i = 0; duplicates.length < count - uniqueCount; i++) {
    const original = originals[Math.floor(random() * originals.length)]!
    duplicates.push({
      job: {
        ...original.job,
        source: 'activejobs',
        sourceJobId: String(1_000_000_000 + i),
        company: `${original.job.company}.`,
        applyUrl: `${original.job.applyUrl}&gh_src=aj${i}`.replace('https://', 'https://www.'),
        raw: { id: String(1_000_000_000 + i), organization: original.job.company },
      },
      matches: original.matches,
      identity: original.identity,
    })
  }
  // Duplicates arrive later, mixed into the pages of other jobs, as a second source's run would bring them.
  const keyed = [
    ...originals.map((item, i) => ({ item, at: i })),
    ...duplicates.map((item) => ({ item, at: uniqueCount / 2 + random() * (uniqueCount / 2) })),
  ]
  const all = keyed.sort((a, b) => a.at - b.at).map((k) => k.item)
  return all
}
