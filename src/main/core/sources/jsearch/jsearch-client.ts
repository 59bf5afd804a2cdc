import { countryOf, englishPlaceName } from '../../places/countries'
import {
  type Combination,
  type FetchOptions,
  type FetchSummary,
  type FetchWindow,
  fetchEach,
  type JobSource,
  postedWithin,
} from '../job-source'
import { type GatewayOptions, RapidApiGateway } from '../rapidapi-gateway'
import { SourceError } from '../source-error'
import { skippedRowNotice } from '../tolerant-rows'
import { adaptJsearchJob } from './jsearch-adapter'
import { jobsOf, jsearchResponseSchema } from './jsearch-schema'

export const JSEARCH_HOST = 'jsearch.p.rapidapi.com'
/** JSearch returns at most 10 jobs per page. */
export const JSEARCH_PAGE_SIZE = 10

export interface JsearchOptions extends Omit<GatewayOptions, 'source' | 'host'> {
  host?: string
  /** Search path; `/search-v2` is tried once `/search` answers 404 (some 2026 accounts). */
  searchPath?: string
  /** Pages asked for in one call (billing: 1 page = 1 request, 2–10 = 2, 11+ = 3). */
  pagesPerCall?: number
  /** The `/search-v2` paging parameter; its name is not documented. */
  cursorParam?: string
  /** Combinations fetched at the same time (the rate limit still applies). */
  concurrency?: number
}

/** Requests JSearch bills for one `/search` call asking for `numPages` pages. */
export function jsearchBilledRequests(numPages: number): number {
  if (numPages <= 1) return 1
  return numPages <= 10 ? 2 : 3
}

/**
 * JSearch's `date_posted` windows in days (`today`, `3days`, `week`, `month`): the smallest that covers
 * `days`. An hour and ten minutes' slack: a load a little later than the one before, or the 25-hour day
 * clocks go back, still asks for the same window (JSearch's posting times are day-granular anyway).
 */
export function jsearchWindowDays(days: number): number {
  const slack = 70 / 1440
  if (days <= 1 + slack) return 1
  if (days <= 3 + slack) return 3
  if (days <= 7 + slack) return 7
  return days <= 31 ? 30 : Infinity
}

const WINDOW_NAMES: Record<number, string> = { 1: 'today', 3: '3days', 7: 'week', 30: 'month' }

/**
 * The smallest `date_posted` window that covers the days asked for. A daily load asks for `today` unless
 * its combination's mark is older (a missed or planned-later day is asked for with `3days`, `week` or
 * `month`).
 */
export function datePostedFor(window: FetchWindow): string {
  const days = (window.until.getTime() - window.since.getTime()) / 86_400_000
  return WINDOW_NAMES[jsearchWindowDays(days)] ?? 'all'
}

/** JSearch (OpenWeb Ninja) on RapidAPI: Google for Jobs results, one query per combination. */
export class JsearchSource implements JobSource {
  readonly id = 'jsearch' as const
  readonly label = 'JSearch'
  private readonly gateway: RapidApiGateway
  private searchPath: string

  constructor(private readonly options: JsearchOptions) {
    this.gateway = new RapidApiGateway({ ...options, source: 'jsearch', host: options.host ?? JSEARCH_HOST })
    this.searchPath = options.searchPath ?? '/search'
  }

  async fetch(
    combinations: readonly Combination[],
    window: FetchWindow,
    options: FetchOptions,
  ): Promise<FetchSummary> {
    return fetchEach(
      combinations,
      (combination) => [combination],
      (combination, unitOptions, summary) => this.fetchCombination(combination, window, unitOptions, summary),
      { ...options, concurrency: this.options.concurrency ?? 5 },
    )
  }

  private async fetchCombination(
    combination: Combination,
    window: FetchWindow,
    options: FetchOptions,
    summary: FetchSummary,
  ): Promise<void> {
    const remote = combination.locationKey === 'remote'
    const country = remote ? undefined : countryOf(combination.location)
    if (!remote && !country) {
      // JSearch reads a call without `country` as the US: a place we cannot put in a country is not asked.
      options.onNotice?.(
        `${this.label} skipped "${combination.title} in ${combination.location}": we could not place "${combination.location}" in a country — edit it in your plan (e.g. "${combination.location}, Germany").`,
      )
      return
    }
    const perCall = Math.max(1, Math.min(this.options.pagesPerCall ?? 10, options.maxPages))
    // A resumed fetch starts after the calls an interrupted one stored.
    let call = Math.min(options.resumeAfter?.([combination]) ?? 0, Math.ceil(options.maxPages / perCall))
    let page = 1 + call * perCall
    let cursor: string | null = null
    for (let pagesLeft = options.maxPages - call * perCall; pagesLeft > 0; ) {
      call += 1
      const numPages = Math.min(perCall, pagesLeft)
      const params = {
        query: remote
          ? combination.title
          : `${combination.title} in ${englishPlaceName(combination.location)}`,
        page,
        num_pages: numPages,
        date_posted: datePostedFor(window),
        country,
        work_from_home: remote ? 'true' : undefined,
        ...(cursor ? { [this.options.cursorParam ?? 'cursor']: cursor } : {}),
      }
      const billing = () => ({ requests: jsearchBilledRequests(numPages), jobs: 0 })
      const result = await this.search(params, billing, options.signal, options.onNotice)
      const { jobs, skipped, cursor: next } = jobsOf(result.data)
      for (const row of skipped) options.onNotice?.(skippedRowNotice(this.label, row))
      const answeredAt = this.options.clock()
      const kept = jobs
        .map((job) => adaptJsearchJob(job, answeredAt))
        .filter((job) => postedWithin(job.postedAt, window.since))
      const billed = billing()
      summary.calls += 1
      summary.billedRequests += billed.requests
      summary.jobs += kept.length
      await options.onPage({
        source: 'jsearch',
        endpoint: result.path,
        combinations: [combination],
        items: kept.map((job) => ({ job, matches: [combination] })),
        unitCall: call,
        billedRequests: billed.requests,
        billedJobs: 0,
        droppedOutsideWindow: jobs.length - kept.length,
      })
      // No total and no "has more": a page shorter than asked for is the last one.
      if (jobs.length + skipped.length < numPages * JSEARCH_PAGE_SIZE) return
      page += numPages
      pagesLeft -= numPages
      cursor = next
    }
  }

  async probe() {
    const billing = () => ({ requests: 1, jobs: 0 })
    const result = await this.search(
      { query: 'job monitor key check', page: 1, num_pages: 1, date_posted: 'today' },
      billing,
      undefined,
    )
    return result.quota
  }

  private async search(
    params: Record<string, string | number | undefined>,
    billing: () => { requests: number; jobs: number },
    signal: AbortSignal | undefined,
    onNotice?: (message: string) => void,
  ) {
    const options = { schema: jsearchResponseSchema, billing, signal, onNotice }
    const path = this.searchPath
    try {
      return { ...(await this.gateway.get(path, params, options)), path }
    } catch (error) {
      if (error instanceof SourceError && error.kind === 'not-found' && path === '/search') {
        // Some 2026 accounts only have the newer endpoint; every later call goes there directly.
        this.searchPath = '/search-v2'
        return { ...(await this.gateway.get('/search-v2', params, options)), path: '/search-v2' }
      }
      throw error
    }
  }
}
