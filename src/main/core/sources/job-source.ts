import pLimit from 'p-limit'
import { comboId } from '../../../shared/domain'
import type { SourceId } from '../db/schema'
import type { UpsertItem } from '../jobs/job'
import type { CombinationKey } from '../normalize/combination-key'
import type { QuotaSnapshot } from './quota-headers'
import { SourceError } from './source-error'

/** A title × location the person asked for, with the text they typed (what the API is searched with). */
export interface Combination extends CombinationKey {
  title: string
  location: string
}

/**
 * How far back to look. `daily` asks each API for its "last 24 hours" view; `backfill` for its month
 * view. `since` is re-checked on our side, because the APIs' windows are coarse.
 */
export interface FetchWindow {
  kind: 'daily' | 'backfill'
  since: Date
  until: Date
  /**
   * Daily only: ask by posting date from `since` rather than for the API's own last 24 hours. Chosen by the
   * load from the schedule and the combination's mark, never from the length of the span.
   */
  postedSince?: boolean
}

/** One answer of an API: the jobs it carried, each with the combinations it belongs to, and its cost. */
export interface SourcePage {
  source: SourceId
  endpoint: string
  /** The combinations the call searched for. */
  combinations: Combination[]
  items: UpsertItem[]
  /** Which call of its unit this was, counting from 1 (and counting calls a resumed fetch skipped). */
  unitCall: number
  billedRequests: number
  billedJobs: number
  /** Jobs the API returned that fell outside the window on our side. */
  droppedOutsideWindow: number
}

export interface FetchOptions {
  /** Most pages (calls' worth of results) per combination or batch. */
  maxPages: number
  /** Awaited for every page before the next is stored: the caller upserts page by page. */
  onPage: (page: SourcePage) => Promise<void>
  /**
   * Calls of a unit (a combination, or a batch) already stored by an earlier, interrupted fetch of the
   * same window: the fetch starts after them. 0 (the default) starts at the first page.
   */
  resumeAfter?: (combinations: Combination[]) => number
  /** Awaited when all pages of a unit (a combination, or a batch) are stored: its window is loaded. */
  onUnitDone?: (combinations: Combination[]) => Promise<void>
  /** Lines worth showing while the fetch waits ("JSearch is not answering; retry 2 of 4 in 20 s"). */
  onNotice?: (message: string) => void
  /**
   * Ends the fetch: units not finished are reported failed with the signal's reason when it is a
   * SourceError (a deadline), or silently dropped otherwise (the app is closing).
   */
  signal?: AbortSignal
}

export interface FetchSummary {
  calls: number
  billedRequests: number
  billedJobs: number
  jobs: number
  /** Combinations whose fetch failed, with the reason; the rest went through. */
  failures: Array<{ combinations: Combination[]; error: SourceError }>
  /**
   * A failure that would repeat for every call (bad key, no subscription, quota spent): it stopped the
   * fetch, and every combination not finished by then is among `failures` with it.
   */
  stoppedBy: SourceError | null
}

/** A job API. A source without a key is not constructed at all. */
export interface JobSource {
  readonly id: SourceId
  readonly label: string
  /**
   * Fetches the jobs of these combinations over the window. Failures are reported per combination; one
   * that would repeat for every call (bad key, no subscription, quota spent) stops the rest (`stoppedBy`).
   */
  fetch(
    combinations: readonly Combination[],
    window: FetchWindow,
    options: FetchOptions,
  ): Promise<FetchSummary>
  /**
   * The cheapest real call the source has (one request, no jobs expected), to check a key and read the
   * quota. Throws the SourceError a person can act on (bad key, no subscription, quota spent).
   */
  probe(): Promise<QuotaSnapshot>
  /** The source's ids of the jobs it flagged expired yesterday, where it has such a list (Active Jobs DB). */
  expiredIds?(signal?: AbortSignal): Promise<string[]>
}

/** The key of a unit: its combinations, sorted. */
export function unitKey(combinations: readonly Combination[]): string {
  return combinations
    .map((c) => comboId(c.titleKey, c.locationKey))
    .sort()
    .join('\u0001')
}

export function emptySummary(): FetchSummary {
  return { calls: 0, billedRequests: 0, billedJobs: 0, jobs: 0, failures: [], stoppedBy: null }
}

/** Keeps a job when its posted time is inside the window, comparing whole UTC days (dates are often midnight-rounded). */
export function postedWithin(postedAt: string | null, since: Date): boolean {
  if (!postedAt) return true
  const day = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate())
  return Date.parse(postedAt) >= day
}

/**
 * Runs one fetch per unit (a combination, or a batch of them) a few at a time. A failure that would
 * repeat for every call stops the units not yet finished, which are reported failed with it; any other
 * failure is recorded against its unit's combinations and the others go on.
 */
export async function fetchEach<U>(
  units: readonly U[],
  combinationsOf: (unit: U) => Combination[],
  work: (unit: U, options: FetchOptions, summary: FetchSummary) => Promise<void>,
  options: FetchOptions & { concurrency: number },
): Promise<FetchSummary> {
  const summary = emptySummary()
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const limit = pLimit(options.concurrency)
  const unfinished = new Set(units)
  await Promise.all(
    units.map((unit) =>
      limit(async () => {
        if (signal.aborted) return
        try {
          await work(unit, { ...options, signal }, summary)
          unfinished.delete(unit)
          await options.onUnitDone?.(combinationsOf(unit))
        } catch (error) {
          if (!(error instanceof SourceError)) throw error
          if (error.fatal) {
            summary.stoppedBy ??= error
            stop.abort()
          } else if (error.kind !== 'aborted') {
            unfinished.delete(unit)
            summary.failures.push({ combinations: combinationsOf(unit), error })
          }
        }
      }),
    ),
  )
  const stoppedBy =
    summary.stoppedBy ?? (options.signal?.reason instanceof SourceError ? options.signal.reason : null)
  if (stoppedBy) {
    for (const unit of unfinished)
      summary.failures.push({ combinations: combinationsOf(unit), error: stoppedBy })
  }
  return summary
}
