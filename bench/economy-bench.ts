import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBackfill } from '../src/main/core/backfill/backfill'
import { runDailyLoad } from '../src/main/core/daily/daily-load'
import { migrateToLatest } from '../src/main/core/db/migrate'
import { type DbHandle, openDatabase } from '../src/main/core/db/open'
import type { SourceId } from '../src/main/core/db/schema'
import { combinationKey } from '../src/main/core/normalize/combination-key'
import { ledgerWriter } from '../src/main/core/quota/ledger'
import { addQueries } from '../src/main/core/repos/queries-repo'
import { upsertUser } from '../src/main/core/repos/users-repo'
import { ActiveJobsSource } from '../src/main/core/sources/activejobs/activejobs-client'
import type { Combination, FetchWindow, JobSource, SourcePage } from '../src/main/core/sources/job-source'
import { JsearchSource } from '../src/main/core/sources/jsearch/jsearch-client'
import { ACTIVEJOBS_FAKE_KEY } from '../test/fakes/activejobs-fake'
import { type CorpusJob, seededRandom } from '../test/fakes/corpus'
import { FakeClock } from '../test/fakes/fake-clock'
import { type Fakes, startFakes } from '../test/fakes/index'
import { JSEARCH_FAKE_KEY } from '../test/fakes/jsearch-fake'

/**
 * The quota economy over a simulated month, side by side in one run:
 * (a) this app — shared backfills of new combinations, the plan of calls before every morning load,
 *     Active Jobs DB batched;
 * (b) the earlier service exactly as its quick-start describes it — every morning its SELECT DISTINCT
 *     over everyone's rows, one call per distinct combination and source for the last 24 hours (JSearch
 *     one page, Active Jobs DB one call), and a backfill (JSearch 5 pages of the month) only for
 *     combinations its backfill tracking has not seen; no batching;
 * (c) the floor for Active Jobs DB: every job either strategy stored, billed once.
 * Then (a) again with a JSearch plan at 40% of what (b) used, and the one-person case on the free plan.
 */

const DAY = 86_400_000
const DAYS = 30
const PEOPLE = 26
/** Share of people who mark one title priority 9 (the sensitivity run doubles it). */
const HIGH_SHARE = 0.3
const START = '2026-11-01T05:00:00.000Z' // 06:00 in Berlin
const PERIOD_END = new Date(new Date(START).getTime() + DAYS * DAY + 3_600_000)
// Titles and cities in the corpus's order of popularity (the corpus draws them with Zipf weights).
const TITLES = [
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
  'DevOps Engineer',
  'Product Manager',
]
const CITIES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt', 'Wien', 'Zürich', 'Amsterdam', 'London']

interface Person {
  joinsOn: number
  rows: Array<{ title: string; location: string; priority: number }>
}

/** People joining over the month with overlapping plans: 2–3 titles × 1–3 places, popular ones more often. */
function people(count: number, highShare: number): Person[] {
  const random = seededRandom(99)
  const popular = <T>(items: T[]) => items[Math.floor(items.length * random() ** 1.6)]!
  const distinct = <T>(items: T[], n: number) => {
    const chosen = new Set<T>()
    while (chosen.size < n) chosen.add(popular(items))
    return [...chosen]
  }
  return Array.from({ length: count }, (_, i) => {
    const titles = distinct(TITLES, 2 + Math.floor(random() * 2))
    const places = distinct(CITIES, 1 + Math.floor(random() * 3))
    // Some people mark the title they want most: priority 9, loaded every day.
    const wanted = random() < highShare ? titles[0] : undefined
    return {
      joinsOn: Math.floor((i * DAYS) / count),
      rows: titles.flatMap((title) =>
        places.map((location) => ({ title, location, priority: title === wanted ? 9 : 5 })),
      ),
    }
  })
}

/** Where one strategy's jobs arrived: source → job id → when it was first stored, and its priority. */
/** A job a strategy stored: when it first arrived, the priority and combination it came for, and whether it
 * matched one (a job no search of the plan claims shows in nobody's feed). */
type Arrivals = Record<
  SourceId,
  Map<string, { at: number; priority: number; combination: string; matched: boolean }>
>

interface Outcome {
  requests: Record<SourceId, number>
  billedJobs: Record<SourceId, number>
  arrivals: Arrivals
  quota429: number
  combinations: number
  rows: number
}

const arrivals = (): Arrivals => ({ jsearch: new Map(), activejobs: new Map() })

function fakesFor(jsearchLimit: number): Promise<Fakes> {
  return startFakes({
    clock: new FakeClock(START),
    corpusSize: 24_000,
    seed: 5,
    skew: 1.1,
    corpusUntil: new Date(new Date(START).getTime() + DAYS * DAY),
    corpusDays: 60 + DAYS,
    jsearchRequestsLimit: jsearchLimit,
    periodEnd: PERIOD_END,
  })
}

/** (a) This app over the month: a backfill when someone joins, the scheduled load every morning. */
async function thisApp(plan: Person[], jsearchLimit: number): Promise<Outcome> {
  const fakes = await fakesFor(jsearchLimit)
  const dir = mkdtempSync(join(tmpdir(), 'jm-economy-'))
  const handle = await openDatabase(`sqlite:${join(dir, 'economy.sqlite')}`, { dataDir: dir })
  await migrateToLatest(handle)
  const sources = (runId: number): JobSource[] => {
    const common = {
      clock: fakes.clock.now,
      requestsPerSecond: 1000,
      backoffMs: 5,
      onCall: ledgerWriter(handle.db, runId),
    }
    return [
      new JsearchSource({ ...common, baseUrl: fakes.jsearch.url, apiKey: JSEARCH_FAKE_KEY }),
      new ActiveJobsSource({
        ...common,
        baseUrl: fakes.activeJobs.url,
        apiKey: ACTIVEJOBS_FAKE_KEY,
        backfillWindow: '7d',
      }),
    ]
  }
  const options = {
    db: handle.db,
    clock: fakes.clock.now,
    sourceIds: ['jsearch', 'activejobs'] as const,
    sourcesFor: sources,
  }
  try {
    for (let day = 0; day < DAYS; day++) {
      fakes.clock.set(new Date(new Date(START).getTime() + day * DAY))
      for (const [i, person] of plan.entries()) {
        if (person.joinsOn !== day) continue
        const user = await upsertUser(handle.db, { email: `p${i}@example.com` }, fakes.clock.now)
        await addQueries(handle.db, user.id, person.rows, fakes.clock.now)
        await runBackfill({ ...options, userId: user.id })
      }
      await runDailyLoad({ ...options, trigger: 'schedule' })
    }
    return { ...(await storedArrivals(handle)), ...billing(fakes), ...counts(plan) }
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
    await fakes.stop()
  }
}

/** When each job was first stored by (a), from the database, with its combination and that one's priority. */
async function storedArrivals(handle: DbHandle): Promise<{ arrivals: Arrivals }> {
  const rows = await handle.db
    .selectFrom('job_postings as p')
    // A job both APIs found is one job: a search's match may be recorded under either source.
    .leftJoin('job_matches as m', 'm.job_id', 'p.job_id')
    .leftJoin('user_search_queries as q', (j) =>
      j.onRef('q.title_key', '=', 'm.title_key').onRef('q.location_key', '=', 'm.location_key'),
    )
    .select((eb) => [
      'p.source',
      'p.source_job_id',
      'p.first_seen_at',
      eb.fn.min('m.title_key').as('title_key'),
      eb.fn.min('m.location_key').as('location_key'),
      eb.fn.max('q.priority').as('priority'),
    ])
    .groupBy(['p.source', 'p.source_job_id', 'p.first_seen_at'])
    .execute()
  const out = arrivals()
  for (const r of rows)
    out[r.source].set(r.source_job_id, {
      at: Date.parse(r.first_seen_at),
      priority: Number(r.priority ?? 0),
      combination: `${r.title_key}|${r.location_key}`,
      matched: r.title_key !== null,
    })
  return { arrivals: out }
}

/** (b) The earlier service over the month, exactly as its quick-start describes it. */
async function earlierService(plan: Person[], jsearchLimit: number): Promise<Outcome> {
  const fakes = await fakesFor(jsearchLimit)
  const found = arrivals()
  const backfilled = new Set<string>() // its backfill_tracking
  const common = { clock: fakes.clock.now, requestsPerSecond: 1000, backoffMs: 5 }
  const js = new JsearchSource({ ...common, baseUrl: fakes.jsearch.url, apiKey: JSEARCH_FAKE_KEY })
  const aj = new ActiveJobsSource({
    ...common,
    baseUrl: fakes.activeJobs.url,
    apiKey: ACTIVEJOBS_FAKE_KEY,
    backfillWindow: '7d',
    maxTitlesPerCall: 1,
    maxLocationsPerCall: 1,
  })
  const fetch = async (row: Person['rows'][number], kind: 'backfill' | 'daily') => {
    const until = fakes.clock.now()
    const window: FetchWindow = {
      kind,
      since: new Date(until.getTime() - (kind === 'daily' ? 1 : 30) * DAY),
      until,
    }
    const combination: Combination = { ...row, ...combinationKey(row.title, row.location) }
    const id = `${combination.titleKey}|${combination.locationKey}`
    const keep = (source: SourceId) => async (page: SourcePage) => {
      for (const item of page.items) {
        const seen = found[source].get(item.job.sourceJobId)
        if (!seen || (!seen.matched && item.matches.length > 0))
          found[source].set(item.job.sourceJobId, {
            at: seen?.at ?? until.getTime(),
            priority: row.priority,
            combination: id,
            matched: item.matches.length > 0,
          })
      }
    }
    await js.fetch([combination], window, { maxPages: kind === 'daily' ? 1 : 5, onPage: keep('jsearch') })
    await aj.fetch([combination], window, { maxPages: 1, onPage: keep('activejobs') })
  }
  try {
    for (let day = 0; day < DAYS; day++) {
      fakes.clock.set(new Date(new Date(START).getTime() + day * DAY))
      // CV upload: backfill the combinations its tracking has not seen.
      for (const person of plan.filter((p) => p.joinsOn === day))
        for (const row of person.rows) {
          const key = `${combinationKey(row.title, row.location).titleKey}|${combinationKey(row.title, row.location).locationKey}`
          if (backfilled.has(key)) continue
          backfilled.add(key)
          await fetch(row, 'backfill')
        }
      // 06:00: SELECT DISTINCT title, location over everyone's active rows, one call per source each.
      const distinct = new Map<string, Person['rows'][number]>()
      for (const row of plan.filter((p) => p.joinsOn <= day).flatMap((p) => p.rows)) {
        const k = combinationKey(row.title, row.location)
        const key = `${k.titleKey}|${k.locationKey}`
        const seen = distinct.get(key)
        distinct.set(key, seen && seen.priority >= row.priority ? seen : row)
      }
      for (const row of distinct.values()) await fetch(row, 'daily')
    }
    return { arrivals: found, ...billing(fakes), ...counts(plan) }
  } finally {
    await fakes.stop()
  }
}

function billing(fakes: Fakes) {
  const js = fakes.jsearch.billed(JSEARCH_FAKE_KEY)
  const aj = fakes.activeJobs.billed(ACTIVEJOBS_FAKE_KEY)
  return {
    requests: { jsearch: js.requests, activejobs: aj.requests },
    billedJobs: { jsearch: 0, activejobs: aj.jobs },
    quota429:
      fakes.jsearch.log.filter((r) => r.status === 429).length +
      fakes.activeJobs.log.filter((r) => r.status === 429).length,
  }
}

function counts(plan: Person[]) {
  const rows = plan.flatMap((p) => p.rows)
  return {
    rows: rows.length,
    combinations: new Set(rows.map((r) => Object.values(combinationKey(r.title, r.location)).join('|'))).size,
  }
}

/**
 * Median hours from a job's first indexing to its arrival in the feed, for jobs indexed after their search
 * was set up (what the daily loads bring; a backfill's jobs are history).
 */
function medianDelayHours(
  outcome: Outcome,
  source: SourceId,
  high: boolean,
  corpus: Map<string, CorpusJob>,
  since: Map<string, number>,
): number | null {
  const delays: number[] = []
  for (const [id, a] of outcome.arrivals[source]) {
    if (a.priority >= 8 !== high) continue
    const job = corpus.get(id)
    const start = since.get(a.combination)
    if (!job || start === undefined) continue
    const indexed = (source === 'activejobs' ? job.createdAt : job.postedAt).getTime()
    if (indexed < start) continue
    delays.push(Math.max(0, a.at - indexed) / 3_600_000)
  }
  if (delays.length === 0) return null
  delays.sort((x, y) => x - y)
  return delays[Math.floor(delays.length / 2)]!
}

/** When each combination was first asked for: the morning its first person joined. */
function startsOf(plan: Person[]): Map<string, number> {
  const starts = new Map<string, number>()
  for (const person of plan)
    for (const row of person.rows) {
      const k = combinationKey(row.title, row.location)
      const id = `${k.titleKey}|${k.locationKey}`
      const at = new Date(START).getTime() + person.joinsOn * DAY
      starts.set(id, Math.min(starts.get(id) ?? at, at))
    }
  return starts
}

export async function runEconomyBench(report: (line: string) => void): Promise<Record<string, number>> {
  const plan = people(PEOPLE, HIGH_SHARE)
  const unlimited = 1_000_000
  const b = await earlierService(plan, unlimited)
  const a = await thisApp(plan, unlimited)
  const budget = Math.floor(0.4 * b.requests.jsearch)
  const tight = await thisApp(plan, budget)
  const solo: Person[] = [
    {
      joinsOn: 0,
      rows: ['Data Engineer', 'Data Scientist', 'Backend Developer'].flatMap((title) =>
        ['Berlin', 'Hamburg'].map((location) => ({ title, location, priority: 5 })),
      ),
    },
  ]
  const soloA = await thisApp(solo, 200)
  const soloB = await earlierService(solo, unlimited)

  const corpusFakes = await fakesFor(unlimited)
  const corpus = new Map<string, CorpusJob>()
  for (const job of corpusFakes.corpus) {
    corpus.set(job.jsearchId, job)
    corpus.set(job.activeJobsId, job)
  }
  await corpusFakes.stop()

  const since = startsOf(plan)
  // A job counts as reached when it is in someone's feed (a search of the plan claims it). Jobs indexed
  // in the last 3 days are left out of the comparison: the plan of calls may still be within its promised
  // delay for them when the month ends (they arrive the next morning or two).
  const cutoff = new Date(START).getTime() + DAYS * DAY - 3 * DAY
  const indexedAt = (source: SourceId, id: string) => {
    const job = corpus.get(id)
    return job ? (source === 'activejobs' ? job.createdAt : job.postedAt).getTime() : 0
  }
  const reachable = (o: Outcome, source: SourceId) =>
    [...o.arrivals[source]].filter(([id, x]) => x.matched && indexedAt(source, id) < cutoff).map(([id]) => id)
  const inFeed = (o: Outcome, source: SourceId) =>
    [...o.arrivals[source].values()].filter((x) => x.matched).length
  const missed = (ours: Outcome, theirs: Outcome, source: SourceId) =>
    reachable(theirs, source).filter((id) => !ours.arrivals[source].get(id)?.matched).length
  const reachedShare = (ours: Outcome, theirs: Outcome, source: SourceId) =>
    1 - missed(ours, theirs, source) / Math.max(1, reachable(theirs, source).length)
  if (process.env.BENCH_DEBUG) {
    const miss = reachable(b, 'jsearch')
      .filter((id) => !a.arrivals.jsearch.get(id)?.matched)
      .slice(0, 12)
    for (const id of miss) {
      const j = corpus.get(id)!
      console.log(
        'MISS',
        j.title,
        '|',
        j.city,
        j.createdAt.toISOString(),
        j.postedAt.toISOString(),
        JSON.stringify(a.arrivals.jsearch.get(id)),
        JSON.stringify(b.arrivals.jsearch.get(id)),
        j.jsearchDate,
      )
    }
  }
  // The floor: every Active Jobs DB job either strategy was given, billed once.
  const floor = new Set([...a.arrivals.activejobs.keys(), ...b.arrivals.activejobs.keys()]).size
  const hours = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} h`)
  const pad = (v: string | number, n: number) => String(v).padStart(n)

  report(
    `\nQuota economy: ${DAYS} simulated days, ${PEOPLE} people joining over the month, ${a.rows} plan rows → ${a.combinations} distinct combinations in ${new Set(plan.flatMap((p) => p.rows.map((r) => r.location))).size} places of 5 countries (a few busy, many quiet)`,
  )
  report(
    '(b) = the earlier service as its quick-start describes it: SELECT DISTINCT daily, backfill of untracked combinations (5 pages), one call per combination and source, no batching',
  )
  report(
    'strategy              source           requests  billed jobs  jobs stored  (b)’s jobs missed  median delay p≥8  p<8',
  )
  for (const [name, o] of [
    ['(a) this app', a],
    ['(b) earlier service', b],
    [`(a) plan at 40% (${budget})`, tight],
  ] as const) {
    for (const source of ['jsearch', 'activejobs'] as const) {
      report(
        `${(source === 'jsearch' ? name : '').padEnd(22)}${(source === 'jsearch' ? 'JSearch' : 'Active Jobs DB').padEnd(15)}${pad(o.requests[source], 10)}${pad(source === 'jsearch' ? '—' : o.billedJobs[source], 13)}${pad(inFeed(o, source), 13)}${pad(o === b ? '—' : missed(o, b, source), 19)}${pad(hours(medianDelayHours(o, source, true, corpus, since)), 18)}${pad(hours(medianDelayHours(o, source, false, corpus, since)), 8)}`,
      )
    }
  }
  report(`(c) floor: every Active Jobs DB job stored by (a) or (b), billed once: ${floor}`)

  const jsRatio = a.requests.jsearch / Math.max(1, b.requests.jsearch)
  const jsReach = reachedShare(a, b, 'jsearch')
  const ajFloor = a.billedJobs.activejobs / Math.max(1, floor)
  const tightReach =
    1 -
    (missed(tight, b, 'jsearch') + missed(tight, b, 'activejobs')) /
      Math.max(1, reachable(b, 'jsearch').length + reachable(b, 'activejobs').length)
  const tightJsReach = reachedShare(tight, b, 'jsearch')
  const allRequests =
    (a.requests.jsearch + a.requests.activejobs) / Math.max(1, b.requests.jsearch + b.requests.activejobs)
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS')
  report(
    `JSearch requests (a)/(b) = ${jsRatio.toFixed(2)}× (target ≤ 0.60×) ${verdict(jsRatio <= 0.6)}; (a) stores ${(jsReach * 100).toFixed(1)}% of the JSearch jobs (b) reaches (target ≥ 95%) ${verdict(jsReach >= 0.95)}`,
  )
  report(
    `Active Jobs DB billed jobs (a)/(c) = ${ajFloor.toFixed(2)}× (target ≤ 1.10×) ${verdict(ajFloor <= 1.1)}; all requests (a)/(b) = ${allRequests.toFixed(2)}×`,
  )
  report(
    `JSearch plan at 40% of (b)'s need (${budget} requests): ${tight.quota429} quota 429s (target 0) ${verdict(tight.quota429 === 0)}; jobs stored ${(tightReach * 100).toFixed(1)}% of what (b) reaches unlimited (target ≥ 80%) ${verdict(tightReach >= 0.8)} (JSearch alone ${(tightJsReach * 100).toFixed(1)}%)`,
  )
  report(
    `One person, 3 titles × 2 places, JSearch free plan (200 requests): (a) ${soloA.requests.jsearch} requests, ${soloA.quota429} quota 429s — ${soloA.requests.jsearch <= 200 && soloA.quota429 === 0 ? 'fits' : 'does not fit'}; (b) would need ${soloB.requests.jsearch}${soloB.requests.jsearch > 200 ? ' — more than the plan' : ''}; (a) stores ${(reachedShare(soloA, soloB, 'jsearch') * 100).toFixed(1)}% of (b)'s JSearch jobs`,
  )
  // Sensitivity: twice as many people marking a title priority 9 (more searches loaded every day).
  const busyPlan = people(PEOPLE, 2 * HIGH_SHARE)
  const busyB = await earlierService(busyPlan, unlimited)
  const busyA = await thisApp(busyPlan, unlimited)
  const highCombos = (p: Person[]) =>
    new Set(
      p.flatMap((x) =>
        x.rows
          .filter((r) => r.priority >= 8)
          .map((r) => Object.values(combinationKey(r.title, r.location)).join('|')),
      ),
    ).size
  const busyRatio = busyA.requests.jsearch / Math.max(1, busyB.requests.jsearch)
  report(
    `Sensitivity: ${Math.round(2 * HIGH_SHARE * 100)}% of people marking a title priority 9 (${highCombos(busyPlan)} of ${busyA.combinations} combinations daily, against ${highCombos(plan)} of ${a.combinations} above): JSearch requests (a)/(b) = ${busyRatio.toFixed(2)}×, (a) stores ${(reachedShare(busyA, busyB, 'jsearch') * 100).toFixed(1)}% of (b)'s JSearch jobs`,
  )
  return {
    'economy.sensitivity.jsearch_ratio': Number(busyRatio.toFixed(3)),
    'economy.app.jsearch_requests': a.requests.jsearch,
    'economy.old.jsearch_requests': b.requests.jsearch,
    'economy.jsearch_ratio': Number(jsRatio.toFixed(3)),
    'economy.jsearch_reach': Number(jsReach.toFixed(3)),
    'economy.app.activejobs_requests': a.requests.activejobs,
    'economy.old.activejobs_requests': b.requests.activejobs,
    'economy.app.activejobs_billed_jobs': a.billedJobs.activejobs,
    'economy.old.activejobs_billed_jobs': b.billedJobs.activejobs,
    'economy.floor.activejobs_jobs': floor,
    'economy.tight.quota_429': tight.quota429,
    'economy.tight.reach': Number(tightReach.toFixed(3)),
    'economy.solo.jsearch_requests': soloA.requests.jsearch,
    'economy.solo_old.jsearch_requests': soloB.requests.jsearch,
  }
}
