import { combinationKey } from '../src/main/core/normalize/combination-key'
import { ActiveJobsSource } from '../src/main/core/sources/activejobs/activejobs-client'
import type { Combination, FetchWindow, JobSource } from '../src/main/core/sources/job-source'
import { JsearchSource } from '../src/main/core/sources/jsearch/jsearch-client'
import { ACTIVEJOBS_FAKE_KEY } from '../test/fakes/activejobs-fake'
import { CORPUS_CITIES, CORPUS_TITLES } from '../test/fakes/corpus'
import { startFakes } from '../test/fakes/index'
import { JSEARCH_FAKE_KEY } from '../test/fakes/jsearch-fake'

const RATE = 5
const LATENCY_MS = 200

interface Outcome {
  seconds: number
  calls: number
  requests: number
  jobs: number
  throttled: number
}

/**
 * A daily load of 100 combinations (10 titles × 10 cities) against the fakes, with 200 ms latency and a
 * 5 requests/s burst limit at the gateway: wall time against the bound the rate limit sets, 429s we
 * provoked, and Active Jobs DB billing batched vs. one call per combination.
 */
export async function runSourcesBench(report: (line: string) => void): Promise<Record<string, number>> {
  const fakes = await startFakes({ corpusSize: 20_000, latencyMs: LATENCY_MS, burstPerSecond: RATE })
  try {
    const combos: Combination[] = CORPUS_TITLES.slice(0, 10).flatMap((title) =>
      CORPUS_CITIES.slice(0, 10).map((c) => ({ title, location: c.city, ...combinationKey(title, c.city) })),
    )
    const until = fakes.clock.now()
    const window: FetchWindow = { kind: 'daily', since: new Date(until.getTime() - 86_400_000), until }
    const common = { clock: fakes.clock.now, requestsPerSecond: RATE, backoffMs: 1000 }
    const jsearch = new JsearchSource({ ...common, baseUrl: fakes.jsearch.url, apiKey: JSEARCH_FAKE_KEY })
    const batched = new ActiveJobsSource({
      ...common,
      baseUrl: fakes.activeJobs.url,
      apiKey: ACTIVEJOBS_FAKE_KEY,
    })
    const unbatched = new ActiveJobsSource({
      ...common,
      baseUrl: fakes.activeJobs.url,
      apiKey: ACTIVEJOBS_FAKE_KEY,
      maxTitlesPerCall: 1,
      maxLocationsPerCall: 1,
    })

    const measure = async (source: JobSource, fake: typeof fakes.jsearch): Promise<Outcome> => {
      fake.log.length = 0
      const started = performance.now()
      const summary = await source.fetch(combos, window, { maxPages: 1, onPage: async () => {} })
      return {
        seconds: (performance.now() - started) / 1000,
        calls: fake.log.length,
        requests: summary.billedRequests,
        jobs: summary.billedJobs,
        throttled: fake.log.filter((r) => r.status === 429).length,
      }
    }

    report(
      `\nDaily load: ${combos.length} combinations, fakes with ${LATENCY_MS} ms latency and a ${RATE} requests/s limit`,
    )
    report(
      'source / approach                 seconds   bound s   ratio   calls   429s   billed requests   billed jobs',
    )
    const js = await measure(jsearch, fakes.jsearch)
    const ajBatched = await measure(batched, fakes.activeJobs)
    const ajSingle = await measure(unbatched, fakes.activeJobs)
    const figures: Record<string, number> = {}
    for (const [name, o] of [
      ['JSearch, one call per combination', js],
      ['Active Jobs DB, batched grids', ajBatched],
      ['Active Jobs DB, one call per combo', ajSingle],
    ] as const) {
      const bound = o.calls / RATE
      // A bound only means something when the rate limit, not one round trip, decides the time.
      const ratio = o.calls >= 10 ? o.seconds / bound : Number.NaN
      const ratioText = Number.isNaN(ratio) ? '—' : ratio.toFixed(2)
      report(
        `${name.padEnd(34)}${o.seconds.toFixed(1).padStart(7)} ${bound.toFixed(1).padStart(9)} ${ratioText.padStart(7)} ${String(o.calls).padStart(7)} ${String(o.throttled).padStart(6)} ${String(o.requests).padStart(17)} ${String(o.jobs).padStart(13)}`,
      )
      const key =
        name.split(',')[0]!.replace(/\W+/g, '_').toLowerCase() +
        (name.includes('batched') ? '_batched' : name.includes('Active') ? '_single' : '')
      figures[`daily.${key}.seconds`] = Number(o.seconds.toFixed(2))
      if (!Number.isNaN(ratio)) figures[`daily.${key}.ratio_to_bound`] = Number(ratio.toFixed(3))
      figures[`daily.${key}.throttled_429`] = o.throttled
      figures[`daily.${key}.billed_requests`] = o.requests
      figures[`daily.${key}.billed_jobs`] = o.jobs
    }
    const jsRatio = js.seconds / (js.calls / RATE)
    report(
      `JSearch wall time ${jsRatio.toFixed(2)}× the rate-limit bound (target ≤ 1.20×) ${jsRatio <= 1.2 ? 'PASS' : 'MISS'}; ` +
        `429s provoked: ${js.throttled + ajBatched.throttled + ajSingle.throttled} (target 0) ${js.throttled + ajBatched.throttled + ajSingle.throttled === 0 ? 'PASS' : 'MISS'}`,
    )
    report(
      `Active Jobs DB batching: ${ajBatched.requests} requests instead of ${ajSingle.requests}, ${ajBatched.jobs} billed jobs instead of ${ajSingle.jobs}`,
    )
    return figures
  } finally {
    await fakes.stop()
  }
}
