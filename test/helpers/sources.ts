import { combinationKey } from '../../src/main/core/normalize/combination-key'
import { ledgerWriter } from '../../src/main/core/quota/ledger'
import {
  type ActiveJobsOptions,
  ActiveJobsSource,
} from '../../src/main/core/sources/activejobs/activejobs-client'
import type { Combination, FetchWindow, SourcePage } from '../../src/main/core/sources/job-source'
import { type JsearchOptions, JsearchSource } from '../../src/main/core/sources/jsearch/jsearch-client'
import type { CallRecord } from '../../src/main/core/sources/rapidapi-gateway'
import { ACTIVEJOBS_FAKE_KEY } from '../fakes/activejobs-fake'
import type { Fakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'

export function combo(title: string, location: string): Combination {
  return { title, location, ...combinationKey(title, location) }
}

export function grid(titles: string[], locations: string[]): Combination[] {
  return titles.flatMap((title) => locations.map((location) => combo(title, location)))
}

/** Fast retries and timeouts, so error tests take milliseconds. */
const QUICK = { backoffMs: 5, timeoutMs: 2000, requestsPerSecond: 1000 }

export function jsearchAgainst(fakes: Fakes, calls: CallRecord[], overrides: Partial<JsearchOptions> = {}) {
  return new JsearchSource({
    baseUrl: fakes.jsearch.url,
    apiKey: JSEARCH_FAKE_KEY,
    clock: fakes.clock.now,
    onCall: (record) => {
      calls.push(record)
    },
    ...QUICK,
    ...overrides,
  })
}

export function activeJobsAgainst(
  fakes: Fakes,
  calls: CallRecord[],
  overrides: Partial<ActiveJobsOptions> = {},
) {
  return new ActiveJobsSource({
    baseUrl: fakes.activeJobs.url,
    apiKey: ACTIVEJOBS_FAKE_KEY,
    clock: fakes.clock.now,
    onCall: (record) => {
      calls.push(record)
    },
    ...QUICK,
    ...overrides,
  })
}

export function dailyWindow(fakes: Fakes): FetchWindow {
  const until = fakes.clock.now()
  return { kind: 'daily', since: new Date(until.getTime() - 86_400_000), until }
}

export function backfillWindow(fakes: Fakes, days = 30): FetchWindow {
  const until = fakes.clock.now()
  return { kind: 'backfill', since: new Date(until.getTime() - days * 86_400_000), until }
}

/** Collects the pages a fetch hands over. */
export function collector() {
  const pages: SourcePage[] = []
  return { pages, onPage: async (page: SourcePage) => void pages.push(page) }
}

export function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0)
}

/**
 * Both sources against the fakes, writing the ledger under the run's id: what a backfill or a daily
 * load is given. Retries and the rate limit are quick.
 */
export function fakeSources(
  fakes: Fakes,
  db: Parameters<typeof ledgerWriter>[0],
  overrides: {
    jsearch?: Partial<JsearchOptions>
    activeJobs?: Partial<ActiveJobsOptions>
    concurrency?: number
  } = {},
) {
  const quick = {
    clock: fakes.clock.now,
    requestsPerSecond: 1000,
    backoffMs: 5,
    concurrency: overrides.concurrency ?? 5,
  }
  return {
    sourceIds: ['jsearch', 'activejobs'] as const,
    sourcesFor: (runId: number) => [
      new JsearchSource({
        ...quick,
        baseUrl: fakes.jsearch.url,
        apiKey: JSEARCH_FAKE_KEY,
        onCall: ledgerWriter(db, runId),
        ...overrides.jsearch,
      }),
      new ActiveJobsSource({
        ...quick,
        baseUrl: fakes.activeJobs.url,
        apiKey: ACTIVEJOBS_FAKE_KEY,
        onCall: ledgerWriter(db, runId),
        ...overrides.activeJobs,
      }),
    ],
  }
}
