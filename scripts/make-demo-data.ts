// Writes resources/demo/: the demo data set (jobs.json) and the sample CV the demo person imported.
// Generated from the fakes' seeded corpus, so it is realistic and the same every time:
// `npx tsx scripts/make-demo-data.ts`. The output is committed; the app only reads it.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildCorpus, CORPUS_CITIES, seededRandom } from '../test/fakes/corpus'

const out = join(import.meta.dirname, '..', 'resources', 'demo')
mkdirSync(out, { recursive: true })
const now = new Date('2026-11-28T06:00:00.000Z')
const random = seededRandom(2026)
const FOCUS_TITLES = [
  'Senior Data Scientist',
  'Data Scientist',
  'ML Engineer',
  'Machine Learning Engineer',
  'Data Engineer',
]
const FOCUS_CITIES = ['Berlin', 'Munich', 'Hamburg']

const jobs = buildCorpus({ now, size: 640, days: 30, seed: 2026 }).map((job, i) => {
  // Two in five jobs are in the demo people's fields and cities, so their plans come alive.
  const focus = random() < 0.4
  const place = focus ? CORPUS_CITIES.find((c) => c.city === FOCUS_CITIES[i % FOCUS_CITIES.length])! : job
  const title = focus ? FOCUS_TITLES[Math.floor(random() * FOCUS_TITLES.length)]! : job.title
  return {
    id: `demo-${i + 1}`,
    title: random() < 0.3 && place.countryCode === 'DE' ? `${title} (m/w/d)` : title,
    company: job.company,
    city: place.city,
    cityAliases: place.cityAliases,
    region: place.region,
    country: place.country,
    countryCode: place.countryCode,
    workArrangement: job.arrangement,
    remote: job.remote,
    employmentType: job.employmentType,
    salary: job.salary,
    description: job.description,
    url: job.careersUrl,
    /** Hours before the moment the demo starts: the data stays fresh whenever it is opened. */
    hoursAgo: Math.round(((now.getTime() - job.postedAt.getTime()) / 3_600_000) * 10) / 10,
    sources: [...(job.inJsearch ? ['jsearch'] : []), ...(job.inActiveJobs ? ['activejobs'] : [])],
  }
})
// The morning's news: openings posted in the last 11 hours, after the demo's seeded runs, in the demo
// people's searches, so "Run daily load now" finds something new.
const FRESH: Array<[string, string]> = [
  ['Senior Data Scientist', 'Berlin'],
  ['ML Engineer', 'Munich'],
  ['Senior Data Scientist', 'Munich'],
  ['ML Engineer', 'Berlin'],
  ['Data Engineer', 'Berlin'],
  ['Data Engineer', 'Hamburg'],
]
for (let i = 0; i < 12; i++) {
  const [title, city] = FRESH[i % FRESH.length]!
  const place = CORPUS_CITIES.find((c) => c.city === city)!
  Object.assign(jobs[i * 13]!, {
    title,
    city: place.city,
    cityAliases: place.cityAliases,
    region: place.region,
    country: place.country,
    countryCode: place.countryCode,
    hoursAgo: Math.round((0.5 + random() * 10.5) * 10) / 10,
    sources: ['jsearch', 'activejobs'],
  })
}
// One job per line: small, and a change to the generator reads as a diff.
writeFileSync(
  join(out, 'jobs.json'),
  `{"jobs": [\n${jobs.map((job) => JSON.stringify(job)).join(',\n')}\n]}\n`,
)
copyFileSync(
  join(import.meta.dirname, '..', 'test', 'fixtures', 'cvs', 'en-data-scientist.txt'),
  join(out, 'sample-cv.txt'),
)
console.log(`${jobs.length} demo jobs written to ${out}`)
