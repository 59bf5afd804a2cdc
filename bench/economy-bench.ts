import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBackfill } from '../src/main/core/backfill/backfill'
import { runDailyLoad } from '../src/main/core/daily/daily-load'
import { migrateToLatest } from '../src/main/core/db/migrate'
import { openDatabase } from '../src/main/core/db/open'
import { combinationKey } from '../src/main/core/normalize/combination-key'
import { ledgerWriter } from '../src/main/core/quota/ledger'
import { addQueries } from '../src/main/core/repos/queries-repo'
import { upsertUser } from '../src/main/core/repos/users-repo'
import { ActiveJobsSource } from '../src/main/core/sources/activejobs/activejobs-client'
import type { Combination, FetchWindow, JobSource } from '../src/main/core/sources/job-source'
import { JsearchSource } from '../src/main/core/sources/jsearch/jsearch-client'
import { ACTIVEJOBS_FAKE_KEY } from '../test/fakes/activejobs-fake'
import { seededRandom } from '../test/fakes/corpus'
import { FakeClock } from '../test/fakes/fake-clock'
import { type Fakes, startFakes } from '../test/fakes/index'
import { JSEARCH_FAKE_KEY } from '../test/fakes/jsearch-fake'

const DAYS = 30
const PEOPLE = 25
const START = '2026-11-01T05:00:00.000Z' // 06:00 in Berlin
const POPULAR_TITLES = [
  'Data Engineer',
  'Data Scientist',
  'Software Engineer',
  'Backend Developer',
  'DevOps Engineer',
  'Product Manager',
  'Data Analyst',
  'ML Engineer',
]
const POPULAR_CITIES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt']

interface Person {
  joinsOn: number
  rows: Array<{ title: string; location: string }>
}

/** 25 people joining over the month with overlapping plans: 2–4 titles × 1–3 places, mostly popular ones. */
function people(): Person[] {
  const random = seededRandom(99)
  const pick = <T>(items: T[], n: number) => [...items].sort(() => random() - 0.5).slice(0, n)
  return Array.from({ length: PEOPLE }, (_, i) => {
    const titles = pick(POPULAR_TITLES, 2 + Math.floor(random() * 3))
    const places = pick(POPULAR_CITIES, 1 + Math.floor(random() * 3))
    return {
      joinsOn: Math.floor((i * DAYS) / PEOPLE),
      rows: titles.flatMap((title) => places.map((location) => ({ title, location }))),
    }
  })
}

function sources(fakes: Fakes, db: Parameters<typeof ledgerWriter>[0]) {
  return (runId: number): JobSource[] => {
    const common = {
      clock: fakes.clock.now,
      requestsPerSecond: 1000,
      backoffMs: 5,
      onCall: ledgerWriter(db, runId),
    }
    return [
      new JsearchSource({ ...common, baseUrl: fakes.jsearch.url, apiKey: JSEARCH_FAKE_KEY }),
      new ActiveJobsSource({ ...common, baseUrl: fakes.activeJobs.url, apiKey: ACTIVEJOBS_FAKE_KEY }),
    ]
  }
}

/**
 * A simulated month with the fakes and an injected clock: (a) this app — shared backfill and daily loads,
 * batched Active Jobs DB calls; (b) the earlier service — one request per person's row and source, fixed
 * pages, no sharing, no batching; (c) the floor — every relevant job billed once.
 */
export async function runEconomyBench(report: (line: string) => void): Promise<Record<string, number>> {
  const plan = people()
  const corpusNow = new Date(new Date(START).getTime() + DAYS * 86_400_000)
  // Postings over the 60 days before the month and the month itself, so every morning brings new ones.
  // A plan big enough that neither strategy runs out: the comparison is about what each would spend.
  const corpus = {
    corpusSize: 20_000,
    seed: 5,
    corpusUntil: corpusNow,
    corpusDays: 60 + DAYS,
    jsearchRequestsLimit: 100_000,
  }
  const appFakes = await startFakes({ clock: new FakeClock(START), ...corpus })
  const oldFakes = await startFakes({ clock: new FakeClock(START), ...corpus })
  const dir = mkdtempSync(join(tmpdir(), 'jm-economy-'))
  const handle = await openDatabase(`sqlite:${join(dir, 'economy.sqlite')}`, { dataDir: dir })
  await migrateToLatest(handle)
  const appJobs = { jsearch: new Set<string>(), activejobs: new Set<string>() }
  const oldJobs = { jsearch: new Set<string>(), activejobs: new Set<string>() }
  try {
    for (let day = 0; day < DAYS; day++) {
      const at = new Date(new Date(START).getTime() + day * 86_400_000)
      appFakes.clock.set(at)
      oldFakes.clock.set(at)
      // Who joins today imports a CV: the app backfills what is new; the old service backfills every row.
      for (const [i, person] of plan.entries()) {
        if (person.joinsOn !== day) continue
        const user = await upsertUser(handle.db, { email: `p${i}@example.com` }, appFakes.clock.now)
        await addQueries(handle.db, user.id, person.rows, appFakes.clock.now)
        await runBackfill({
          db: handle.db,
          clock: appFakes.clock.now,
          userId: user.id,
          sourceIds: ['jsearch', 'activejobs'],
          sourcesFor: sources(appFakes, handle.db),
        })
        await earlierService(oldFakes, person.rows, 'backfill', oldJobs)
      }
      // 06:00: the daily load.
      await runDailyLoad({
        db: handle.db,
        clock: appFakes.clock.now,
        trigger: 'bench',
        sourceIds: ['jsearch', 'activejobs'],
        sourcesFor: sources(appFakes, handle.db),
      })
      const everyone = plan.filter((p) => p.joinsOn <= day).flatMap((p) => p.rows)
      await earlierService(oldFakes, everyone, 'daily', oldJobs)
    }
    const postings = await handle.db.selectFrom('job_postings').select(['source', 'source_job_id']).execute()
    for (const p of postings) appJobs[p.source].add(p.source_job_id)

    const a = {
      js: appFakes.jsearch.billed(JSEARCH_FAKE_KEY),
      aj: appFakes.activeJobs.billed(ACTIVEJOBS_FAKE_KEY),
    }
    const b = {
      js: oldFakes.jsearch.billed(JSEARCH_FAKE_KEY),
      aj: oldFakes.activeJobs.billed(ACTIVEJOBS_FAKE_KEY),
    }
    const floorJobs = new Set([...appJobs.activejobs, ...oldJobs.activejobs]).size
    const missedJs = [...oldJobs.jsearch].filter((id) => !appJobs.jsearch.has(id)).length
    const missedAj = [...oldJobs.activejobs].filter((id) => !appJobs.activejobs.has(id)).length
    const requestsA = a.js.requests + a.aj.requests
    const requestsB = b.js.requests + b.aj.requests
    report(
      `\nQuota economy: ${DAYS} simulated days, ${PEOPLE} people joining over the month, daily loads every morning`,
    )
    report(
      'strategy                               JSearch requests   Active Jobs requests   Active Jobs billed jobs',
    )
    report(
      `(a) this app                           ${String(a.js.requests).padStart(16)} ${String(a.aj.requests).padStart(22)} ${String(a.aj.jobs).padStart(25)}`,
    )
    report(
      `(b) earlier service (per row, no batch) ${String(b.js.requests).padStart(15)} ${String(b.aj.requests).padStart(22)} ${String(b.aj.jobs).padStart(25)}`,
    )
    report(
      `(c) floor: every relevant job once     ${'—'.padStart(16)} ${'—'.padStart(22)} ${String(floorJobs).padStart(25)}`,
    )
    const jobRatio = a.aj.jobs / Math.max(1, floorJobs)
    const requestRatio = requestsA / Math.max(1, requestsB)
    report(
      `billed jobs (a)/(c) = ${jobRatio.toFixed(2)}× (target ≤ 1.10×) ${jobRatio <= 1.1 ? 'PASS' : 'MISS'}; requests (a)/(b) = ${requestRatio.toFixed(2)}× (target ≤ 0.50×) ${requestRatio <= 0.5 ? 'PASS' : 'MISS'}; jobs (b) found that (a) missed: ${missedJs + missedAj} ${missedJs + missedAj === 0 ? 'PASS' : 'MISS'}`,
    )
    return {
      'economy.app.requests': requestsA,
      'economy.old.requests': requestsB,
      'economy.app.activejobs_billed_jobs': a.aj.jobs,
      'economy.old.activejobs_billed_jobs': b.aj.jobs,
      'economy.floor.activejobs_jobs': floorJobs,
      'economy.missed_jobs': missedJs + missedAj,
    }
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
    await appFakes.stop()
    await oldFakes.stop()
  }
}

/** The earlier service: one request per (person's row, source) with fixed pages, no sharing, no batching. */
async function earlierService(
  fakes: Fakes,
  rows: Array<{ title: string; location: string }>,
  kind: 'backfill' | 'daily',
  found: { jsearch: Set<string>; activejobs: Set<string> },
): Promise<void> {
  if (rows.length === 0) return
  const until = fakes.clock.now()
  const window: FetchWindow = {
    kind,
    since: new Date(until.getTime() - (kind === 'daily' ? 1 : 30) * 86_400_000),
    until,
  }
  const common = { clock: fakes.clock.now, requestsPerSecond: 1000, backoffMs: 5 }
  const js = new JsearchSource({
    ...common,
    baseUrl: fakes.jsearch.url,
    apiKey: JSEARCH_FAKE_KEY,
    pagesPerCall: kind === 'daily' ? 1 : 5,
  })
  const aj = new ActiveJobsSource({
    ...common,
    baseUrl: fakes.activeJobs.url,
    apiKey: ACTIVEJOBS_FAKE_KEY,
    maxTitlesPerCall: 1,
    maxLocationsPerCall: 1,
  })
  for (const row of rows) {
    const combination: Combination = { ...row, ...combinationKey(row.title, row.location) }
    // Each person's row is its own call, even when another person asked for the same thing.
    await js.fetch([combination], window, {
      maxPages: kind === 'daily' ? 1 : 5,
      onPage: async (page) => {
        for (const item of page.items) found.jsearch.add(item.job.sourceJobId)
      },
    })
    await aj.fetch([combination], window, {
      maxPages: 1,
      onPage: async (page) => {
        for (const item of page.items) found.activejobs.add(item.job.sourceJobId)
      },
    })
  }
}
