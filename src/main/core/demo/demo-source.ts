import type { SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import { locationKey, titleKey } from '../normalize/combination-key'
import type { Combination, FetchOptions, FetchSummary, FetchWindow, JobSource } from '../sources/job-source'
import { emptySummary } from '../sources/job-source'
import type { QuotaSnapshot } from '../sources/quota-headers'
import type { CallRecord } from '../sources/rapidapi-gateway'
import { SOURCE_LABELS } from '../sources/source-error'
import { type DemoJob, demoJobs, toNormalizedJob } from './demo-data'

const PAGE = 10
/** The demo reports no quota headers: the quota screen then counts against the plan limits in Settings. */
const NO_HEADERS: QuotaSnapshot = { requests: null, jobs: null }

/** Does a demo job answer a search for this combination? The title's words, in the city (or remote). */
function matches(job: DemoJob, combination: Combination): boolean {
  const words = titleKey(combination.title).split(' ')
  const title = titleKey(job.title)
  if (!words.every((w) => title.includes(w))) return false
  if (combination.locationKey === 'remote') return job.remote
  return [job.city, ...job.cityAliases].some((c) => locationKey(c) === combination.locationKey)
}

/**
 * A job source served from the bundled demo data set, offline: it answers searches like the real API
 * (pages, billing, quota headers in the ledger), so every screen of the demo is alive without a key.
 * The data's posting times count back from `epoch`, the moment the demo database was made.
 */
export class DemoSource implements JobSource {
  readonly label: string

  constructor(
    readonly id: SourceId,
    private readonly options: {
      clock: Clock
      epoch: Date
      onCall?: (record: CallRecord) => Promise<void> | void
    },
  ) {
    this.label = `${SOURCE_LABELS[id]} (demo)`
  }

  async fetch(
    combinations: readonly Combination[],
    window: FetchWindow,
    options: FetchOptions,
  ): Promise<FetchSummary> {
    const summary = emptySummary()
    const pool = demoJobs().filter((job) => job.sources.includes(this.id))
    for (const combination of combinations) {
      const found = pool
        .filter((job) => matches(job, combination))
        .map((job) => ({ job, normalized: toNormalizedJob(job, this.id, this.options.epoch) }))
        .filter(({ normalized }) => {
          const posted = Date.parse(normalized.postedAt!)
          return posted >= window.since.getTime() && posted <= window.until.getTime()
        })
      const pages = Math.max(1, Math.min(options.maxPages, Math.ceil(found.length / PAGE)))
      for (let page = options.resumeAfter?.([combination]) ?? 0; page < pages; page++) {
        const slice = found.slice(page * PAGE, (page + 1) * PAGE)
        const billedJobs = this.id === 'activejobs' ? slice.length : 0
        await this.record(billedJobs)
        summary.calls += 1
        summary.billedRequests += 1
        summary.billedJobs += billedJobs
        summary.jobs += slice.length
        await options.onPage({
          source: this.id,
          endpoint: '/demo',
          combinations: [combination],
          items: slice.map(({ normalized }) => ({ job: normalized, matches: [combination] })),
          unitCall: page + 1,
          billedRequests: 1,
          billedJobs,
          droppedOutsideWindow: 0,
        })
      }
      await options.onUnitDone?.([combination])
    }
    return summary
  }

  async probe(): Promise<QuotaSnapshot> {
    await this.record(0)
    return NO_HEADERS
  }

  private async record(billedJobs: number): Promise<void> {
    await this.options.onCall?.({
      source: this.id,
      endpoint: '/demo',
      calledAt: this.options.clock(),
      status: 200,
      billedRequests: 1,
      billedJobs,
      quota: NO_HEADERS,
      error: null,
    })
  }
}
