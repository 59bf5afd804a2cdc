import { z } from 'zod'
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
import { SourceError, type SourceErrorKind } from '../source-error'
import { skippedRowNotice } from '../tolerant-rows'
import { adaptActiveJob, locationStrings } from './activejobs-adapter'
import { activeJobsResponseSchema } from './activejobs-schema'
import { assignToCombinations, type Batch, orFilter, planBatches } from './batching'

export const ACTIVEJOBS_HOST = 'active-jobs-db.p.rapidapi.com'

/** The expired list: an array of id strings (numbers, or objects with an id, are read as well). */
const expiredIdsSchema = z.array(
  z.union([z.string(), z.number(), z.looseObject({ id: z.union([z.string(), z.number()]) })]),
)

/** How a plan says an endpoint is not part of it. */
const REFUSED: ReadonlySet<SourceErrorKind> = new Set(['endpoint-disabled'])

export interface ActiveJobsOptions extends Omit<GatewayOptions, 'source' | 'host'> {
  host?: string
  /**
   * `legacy`: `/active-ats-24h`, `/active-ats-7d`, `/active-ats-6m` with `title_filter`/`location_filter`.
   * `2026`: `/active-ats?time_frame=…` with `title`/`location`. Which one a subscription accepts is only
   * known with a real key, so both are here.
   */
  generation?: 'legacy' | '2026'
  /**
   * Backfill window: `7d` works on every plan; `6m` (Ultra and up) reaches a whole month back. `auto`
   * (the default when the environment does not say): what `reach` remembers, else found out with one
   * cheap call to the 6-month window, or by the plan refusing it.
   */
  backfillWindow?: '7d' | '6m' | 'auto'
  /** Where `auto` remembers what the plan allows (the shared database's settings). */
  reach?: BackfillReachStore
  /** Jobs per call: legacy 10–100 (6m up to 500), 2026 generation 100–1000. */
  limit?: number
  /** Batches fetched at the same time (the rate limit still applies). */
  concurrency?: number
  /** Largest grid in one call; the whole request must stay under 10,000 characters. */
  maxTitlesPerCall?: number
  maxLocationsPerCall?: number
}

/** What the plan allows for a backfill, remembered once found. */
export interface BackfillReachStore {
  get(): Promise<'7d' | '6m' | null>
  set(window: '7d' | '6m', how: 'probe' | 'refused'): Promise<void>
}

interface Endpoint {
  path: string
  params: Record<string, string | undefined>
  limit: number
}

/** Active Jobs DB (Fantastic.jobs) on RapidAPI: jobs straight from company career sites and ATSs. */
export class ActiveJobsSource implements JobSource {
  readonly id = 'activejobs' as const
  readonly label = 'Active Jobs DB'
  private readonly gateway: RapidApiGateway

  constructor(private readonly options: ActiveJobsOptions) {
    this.gateway = new RapidApiGateway({
      ...options,
      source: 'activejobs',
      host: options.host ?? ACTIVEJOBS_HOST,
    })
  }

  async fetch(
    combinations: readonly Combination[],
    window: FetchWindow,
    options: FetchOptions,
  ): Promise<FetchSummary> {
    const batches = planBatches(combinations, {
      maxTitles: this.options.maxTitlesPerCall ?? 10,
      maxLocations: this.options.maxLocationsPerCall ?? 10,
    })
    return fetchEach(
      batches,
      (batch) => batch.combinations,
      (batch, unitOptions, summary) => this.fetchBatch(batch, window, unitOptions, summary),
      { ...options, concurrency: this.options.concurrency ?? 5 },
    )
  }

  private async fetchBatch(batch: Batch, window: FetchWindow, options: FetchOptions, summary: FetchSummary) {
    const long = await this.longWindow(window)
    try {
      await this.fetchPages(batch, window, this.endpoint(window, long), options, summary)
    } catch (error) {
      // The plan refused the 6-month window: remember it, and reach back the 7 days every plan has.
      // (A window set in the environment is the person's choice: its refusal is reported as it is.)
      const auto = this.options.backfillWindow === 'auto'
      if (!(long && auto && error instanceof SourceError && REFUSED.has(error.kind))) throw error
      await this.options.reach?.set('7d', 'refused')
      this.resolved = '7d'
      options.onNotice?.(
        `${this.label}: your plan does not include the 6-month window, so backfills reach 7 days back (remembered).`,
      )
      await this.fetchPages(batch, window, this.endpoint(window, false), options, summary)
    }
  }

  private resolved: '7d' | '6m' | undefined

  /** Whether a backfill deeper than 7 days may use the 6-month window. */
  private async longWindow(window: FetchWindow): Promise<boolean> {
    const days = (window.until.getTime() - window.since.getTime()) / 86_400_000
    if (window.kind !== 'backfill' || days <= 7) return false
    const setting = this.options.backfillWindow ?? '7d'
    if (setting !== 'auto') return setting === '6m'
    // The legacy 6-month endpoint has no date filter: a month through it bills six months of jobs, so
    // `auto` keeps to 7 days there (ACTIVEJOBS_BACKFILL_WINDOW=6m chooses it anyway). The 2026 API's
    // window takes `date_posted_gte` and bills only the month.
    if (this.isLegacy()) return false
    this.resolved ??= (await this.options.reach?.get()) ?? undefined
    if (!this.resolved) {
      this.resolved = (await this.probeLongWindow()) ? '6m' : '7d'
      await this.options.reach?.set(this.resolved, 'probe')
    }
    return this.resolved === '6m'
  }

  /**
   * One call to the 6-month window for a title nobody posts: one request billed, no jobs. True when the
   * plan answers it, false when the plan refuses it (401/403); anything else is thrown.
   */
  async probeLongWindow(): Promise<boolean> {
    const now = this.options.clock()
    const endpoint = this.endpoint(
      { kind: 'backfill', since: new Date(now.getTime() - 30 * 86_400_000), until: now },
      true,
    )
    const filters = this.filters({
      titles: ['job monitor depth check'],
      locations: [],
      remote: false,
      combinations: [],
    })
    try {
      await this.gateway.get(
        endpoint.path,
        {
          ...endpoint.params,
          ...filters,
          limit: Math.min(endpoint.limit, this.isLegacy() ? 10 : 100),
          offset: 0,
        },
        { schema: activeJobsResponseSchema, billing: billedFor },
      )
      return true
    } catch (error) {
      if (error instanceof SourceError && REFUSED.has(error.kind)) return false
      throw error
    }
  }

  /**
   * The ids of the jobs Active Jobs DB flagged expired yesterday (it updates the list at 01:30 UTC): one
   * request, no jobs billed; Ultra and Mega plans only — on others it throws the `endpoint-disabled`
   * SourceError.
   */
  async expiredIds(signal?: AbortSignal): Promise<string[]> {
    const path = this.isLegacy() ? '/active-ats-expired' : '/expired-ats'
    const result = await this.gateway.get(
      path,
      {},
      {
        schema: expiredIdsSchema,
        billing: () => ({ requests: 1, jobs: 0 }),
        signal,
      },
    )
    return result.data.map((entry) => String(typeof entry === 'object' ? entry.id : entry))
  }

  private isLegacy(): boolean {
    return (this.options.generation ?? 'legacy') === 'legacy'
  }

  private async fetchPages(
    batch: Batch,
    window: FetchWindow,
    endpoint: Endpoint,
    options: FetchOptions,
    summary: FetchSummary,
  ) {
    // The same page budget the combinations would have had one by one.
    let pagesLeft = options.maxPages * batch.combinations.length
    // A resumed fetch starts after the calls an interrupted one stored.
    let call = Math.min(options.resumeAfter?.(batch.combinations) ?? 0, pagesLeft)
    pagesLeft -= call
    for (let offset = call * endpoint.limit; pagesLeft > 0; offset += endpoint.limit, pagesLeft--) {
      call += 1
      const result = await this.gateway.get(
        endpoint.path,
        { ...endpoint.params, ...this.filters(batch), limit: endpoint.limit, offset },
        {
          schema: activeJobsResponseSchema,
          billing: billedFor,
          signal: options.signal,
          onNotice: options.onNotice,
        },
      )
      const returned = result.data
      // Rows that did not fit were billed too, and count toward a full page.
      const billed = returned.length + returned.skipped.length
      for (const row of returned.skipped) options.onNotice?.(skippedRowNotice(this.label, row))
      const items = returned.flatMap((raw) => {
        const job = adaptActiveJob(raw)
        if (window.kind === 'backfill' && !postedWithin(job.postedAt, window.since)) return []
        const matches = assignToCombinations(
          {
            title: job.title,
            locations: locationStrings(raw),
            cities: (raw.cities_derived ?? []).filter((c): c is string => !!c),
          },
          batch,
        )
        return [{ job, matches }]
      })
      summary.calls += 1
      summary.billedRequests += 1
      summary.billedJobs += billed
      summary.jobs += items.length
      await options.onPage({
        source: 'activejobs',
        endpoint: endpoint.path,
        combinations: batch.combinations,
        items,
        unitCall: call,
        billedRequests: 1,
        billedJobs: billed,
        droppedOutsideWindow: returned.length - items.length,
      })
      // A page shorter than the limit is the last one.
      if (billed < endpoint.limit) return
    }
  }

  async probe() {
    const now = this.options.clock()
    const endpoint = this.endpoint({ kind: 'daily', since: new Date(now.getTime() - 86_400_000), until: now })
    // A title nobody posts: one request billed, and no jobs.
    const filters = this.filters({
      titles: ['job monitor key check'],
      locations: [],
      remote: false,
      combinations: [],
    })
    const result = await this.gateway.get(
      endpoint.path,
      { ...endpoint.params, ...filters, limit: endpoint.limit, offset: 0 },
      { schema: activeJobsResponseSchema, billing: billedFor },
    )
    return result.quota
  }

  private endpoint(window: FetchWindow, long = this.options.backfillWindow === '6m'): Endpoint {
    const days = (window.until.getTime() - window.since.getTime()) / 86_400_000
    const since = window.since.toISOString().slice(0, 19)
    // A daily load asks for the API's last 24 hours (jobs indexed then), or — when the load says so
    // (several loads a day, or a missed window to make good) — for jobs posted since a time; a window wider
    // than a day can only be had from the 7-day endpoint, by posting date.
    const wideDaily = window.kind === 'daily' && days > 1 + 1 / 144
    const postedSince = window.kind === 'daily' && (window.postedSince === true || wideDaily)
    if ((this.options.generation ?? 'legacy') === '2026') {
      const timeFrame =
        window.kind === 'daily' ? (wideDaily ? '7d' : '24h') : days <= 7 ? '7d' : long ? '6m' : '7d'
      return {
        path: '/active-ats',
        params: {
          time_frame: timeFrame,
          description_format: 'text',
          date_posted_gte: window.kind === 'backfill' || postedSince ? since : undefined,
        },
        limit: clamp(this.options.limit ?? 100, 100, 1000),
      }
    }
    const common = { description_type: 'text', include_ai: 'true' }
    if (window.kind === 'daily' && !wideDaily) {
      const params = postedSince ? { ...common, date_filter: since } : common
      return { path: '/active-ats-24h', params, limit: clamp(this.options.limit ?? 100, 10, 100) }
    }
    if (window.kind === 'backfill' && days > 7 && long) {
      // 6m has no date_filter: the window is cut on our side (those jobs are billed all the same).
      return { path: '/active-ats-6m', params: common, limit: clamp(this.options.limit ?? 500, 10, 500) }
    }
    // date_filter keeps jobs posted after it: the 7d window, or less when the load asks for less.
    return {
      path: '/active-ats-7d',
      params: { ...common, date_filter: since },
      limit: clamp(this.options.limit ?? 100, 10, 100),
    }
  }

  private filters(batch: Batch): Record<string, string | undefined> {
    const titles = orFilter(batch.titles)
    const locations = batch.locations.length ? orFilter(batch.locations) : undefined
    if ((this.options.generation ?? 'legacy') === '2026') {
      return { title: titles, location: locations, remote: batch.remote ? 'true' : undefined }
    }
    return { title_filter: titles, location_filter: locations, remote: batch.remote ? 'true' : undefined }
  }
}

/** One request per call, plus one "Jobs" credit per job returned (rows we could not read included). */
function billedFor(data: { length: number; skipped: unknown[] } | undefined) {
  return { requests: 1, jobs: data ? data.length + data.skipped.length : 0 }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(value)))
}
