import { ACTIVEJOBS_FAKE_KEY, createActiveJobsFake } from './activejobs-fake'
import { ANTHROPIC_FAKE_KEY, AnthropicFake } from './anthropic-fake'
import { buildCorpus, type CorpusJob } from './corpus'
import { FakeClock } from './fake-clock'
import { createJsearchFake, JSEARCH_FAKE_KEY } from './jsearch-fake'
import type { RapidApiFake } from './rapidapi-fake'

export interface Fakes {
  clock: FakeClock
  corpus: CorpusJob[]
  jsearch: RapidApiFake
  activeJobs: RapidApiFake
  anthropic: AnthropicFake
  /** The environment that points Job Monitor at these fakes. */
  env: Record<string, string>
  stop(): Promise<void>
}

export interface StartFakesOptions {
  clock?: FakeClock
  corpusSize?: number
  seed?: number
  /** Postings run up to this time (default: the clock's now) over `corpusDays` before it (default 60). */
  corpusUntil?: Date
  corpusDays?: number
  /** Every Nth job is indexed 72 hours after it was posted (see buildCorpus). */
  lateIndexedEvery?: number
  /** Titles and cities drawn with Zipf weights of this exponent: a few busy searches, many quiet ones. */
  skew?: number
  /** Every Nth job closes a few weeks after it was posted (see buildCorpus): the expired list names it. */
  closingEvery?: number
  /** When the monthly quota period ends (default: always 20 days away). */
  periodEnd?: Date
  latencyMs?: number
  burstPerSecond?: number
  v2Only?: boolean
  /** JSearch's monthly requests (default 200, the free plan). */
  jsearchRequestsLimit?: number
  ports?: { jsearch?: number; activeJobs?: number; anthropic?: number }
}

/** Starts all three fakes on 127.0.0.1 over one seeded corpus and one clock. */
export async function startFakes(options: StartFakesOptions = {}): Promise<Fakes> {
  const clock = options.clock ?? new FakeClock()
  const corpus = buildCorpus({
    now: options.corpusUntil ?? clock.now(),
    days: options.corpusDays,
    size: options.corpusSize ?? 3000,
    seed: options.seed ?? 1,
    lateIndexedEvery: options.lateIndexedEvery,
    skew: options.skew,
    closingEvery: options.closingEvery,
  })
  const common = {
    clock,
    corpus,
    latencyMs: options.latencyMs,
    burstPerSecond: options.burstPerSecond,
    periodEnd: options.periodEnd,
  }
  const jsearch = createJsearchFake({
    ...common,
    v2Only: options.v2Only,
    requestsLimit: options.jsearchRequestsLimit,
  })
  const activeJobs = createActiveJobsFake(common)
  const anthropic = new AnthropicFake()
  await Promise.all([
    jsearch.start(options.ports?.jsearch),
    activeJobs.start(options.ports?.activeJobs),
    anthropic.start(options.ports?.anthropic),
  ])
  return {
    clock,
    corpus,
    jsearch,
    activeJobs,
    anthropic,
    env: {
      JSEARCH_BASE_URL: jsearch.url,
      JSEARCH_API_KEY: JSEARCH_FAKE_KEY,
      ACTIVEJOBS_BASE_URL: activeJobs.url,
      ACTIVEJOBS_API_KEY: ACTIVEJOBS_FAKE_KEY,
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_API_KEY: ANTHROPIC_FAKE_KEY,
    },
    async stop() {
      await Promise.all([jsearch.stop(), activeJobs.stop(), anthropic.stop()])
    },
  }
}
