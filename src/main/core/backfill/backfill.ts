import type { Kysely } from 'kysely'
import { comboId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { Database, SourceId } from '../db/schema'
import { errorMessage } from '../errors'
import { isProcessAlive, PROCESS_HOST, PROCESS_OWNER } from '../process-owner'
import {
  type BackfillCandidate,
  type BackfillProgress,
  claimBackfill,
  combinationsNeedingBackfill,
  completeBackfill,
  expireDeadLocalLeases,
  failBackfill,
  renewLease,
  resumableProgress,
} from '../repos/backfill-repo'
import { upsertJobs } from '../repos/jobs-repo'
import { readKnobs } from '../repos/knobs-repo'
import { finishRun, keepRunAlive, startRun } from '../repos/runs-repo'
import { startDeadline } from '../sources/deadline'
import { type Combination, type JobSource, unitKey } from '../sources/job-source'
import { SOURCE_LABELS } from '../sources/source-error'

export type BackfillEvent =
  | { type: 'combination-started'; source: SourceId; combination: Combination }
  | { type: 'combination-finished'; source: SourceId; combination: Combination; jobsFound: number }
  | { type: 'combination-failed'; source: SourceId; combination: Combination; error: string }
  | { type: 'progress'; source: SourceId; jobsFetched: number; jobsNew: number }
  /** A line worth showing while the backfill waits: a retry, or a source stopped at its deadline. */
  | { type: 'notice'; source: SourceId; message: string }

export interface BackfillOptions {
  db: Kysely<Database>
  clock: Clock
  /** The enabled sources. */
  sourceIds: readonly SourceId[]
  /** Builds the sources for a run, with a ledger writer that knows the run's id. */
  sourcesFor: (runId: number) => JobSource[]
  /** One person's combinations, or everyone's. */
  userId?: number
  trigger?: string
  /** Days back and pages per combination; default: the `quota.knobs` setting (30 and 5). */
  depthDays?: number
  maxPages?: number
  /** How long a claim holds without progress before another process may take the combination over. */
  leaseMs?: number
  /** Wall-clock time each source may take in this run before it is stopped (default 5 minutes). */
  sourceDeadlineMs?: number
  onEvent?: (event: BackfillEvent) => void
}

export interface BackfillOutcome {
  source: SourceId
  combination: Combination
  status: 'done' | 'failed'
  jobsFound: number
  error?: string
}

export interface BackfillReport {
  runId: number | null
  outcomes: BackfillOutcome[]
  /** Combinations another process was already fetching. */
  takenElsewhere: number
  jobsFetched: number
  jobsNew: number
  billedRequests: number
  billedJobs: number
}

const OWNER = PROCESS_OWNER

/**
 * Backfills every combination (of one person, or of everyone) that no one has backfilled yet, per source:
 * claim the tracking row (one process wins it), fetch about a month back, store page by page, then mark
 * it done with the jobs found, or failed with the reason so the next run retries it.
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillReport> {
  const { db, clock } = options
  const leaseMs = options.leaseMs ?? 10 * 60_000
  const report: BackfillReport = {
    runId: null,
    outcomes: [],
    takenElsewhere: 0,
    jobsFetched: 0,
    jobsNew: 0,
    billedRequests: 0,
    billedJobs: 0,
  }
  // Work a killed process on this machine left "running" is taken over now, not when its lease runs out.
  await expireDeadLocalLeases(db, PROCESS_HOST, isProcessAlive, clock)
  const pending = await combinationsNeedingBackfill(db, options.sourceIds, options.userId)
  if (pending.length === 0) return report

  const knobs = await readKnobs(db)
  const depthDays = options.depthDays ?? knobs.backfillDepthDays
  const maxPages = options.maxPages ?? knobs.backfillPages
  const run = await startRun(db, { kind: 'backfill', trigger: options.trigger ?? 'manual' }, clock)
  report.runId = run!.id
  // Its heartbeat tells other processes it is alive; a killed backfill is closed as interrupted.
  const stopBeating = keepRunAlive(db, run!.id, clock)
  try {
    await backfillSources(options, run!.id, pending, { depthDays, maxPages, leaseMs }, report)
  } catch (error) {
    await finishRun(
      db,
      run!.id,
      {
        status: 'failed',
        requests: report.billedRequests,
        jobsFetched: report.jobsFetched,
        jobsNew: report.jobsNew,
        error: errorMessage(error),
      },
      clock,
    )
    throw error
  } finally {
    stopBeating()
  }

  const failedCount = report.outcomes.filter((o) => o.status === 'failed').length
  await finishRun(
    db,
    run!.id,
    {
      status: failedCount === 0 ? 'success' : failedCount === report.outcomes.length ? 'failed' : 'partial',
      requests: report.billedRequests,
      jobsFetched: report.jobsFetched,
      jobsNew: report.jobsNew,
      report: {
        outcomes: report.outcomes,
        takenElsewhere: report.takenElsewhere,
        billedJobs: report.billedJobs,
      },
      error: failedCount ? `${failedCount} combination(s) failed` : null,
    },
    clock,
  )
  return report
}

/** Claims, fetches and settles each source's share of the pending combinations, in turn. */
async function backfillSources(
  options: BackfillOptions,
  runId: number,
  pending: BackfillCandidate[],
  knobs: { depthDays: number; maxPages: number; leaseMs: number },
  report: BackfillReport,
): Promise<void> {
  const { db, clock } = options
  const { depthDays, maxPages, leaseMs } = knobs
  for (const source of options.sourcesFor(runId)) {
    const claimed = new Map<string, Claim>()
    const now = clock()
    const fresh = {
      since: new Date(now.getTime() - depthDays * 86_400_000).toISOString(),
      until: now.toISOString(),
    }
    for (const candidate of pending.filter((c) => c.source === source.id)) {
      const row = await claimBackfill(db, candidate, OWNER, leaseMs, clock)
      if (!row) {
        report.takenElsewhere += 1
        continue
      }
      const combination = toCombination(candidate)
      // Taken over from a run that stopped half-way: the same window, after the pages it stored.
      const progress = resumableProgress(row, now)
      claimed.set(key(combination), {
        row: row.id,
        combination,
        jobs: new Set(),
        window: progress ? { since: progress.since, until: progress.until } : fresh,
        progress,
      })
      options.onEvent?.({ type: 'combination-started', source: source.id, combination })
    }
    if (claimed.size === 0) continue

    const failed = new Map<string, string>()
    const deadline = startDeadline(source.id, options.sourceDeadlineMs)
    const notice = (message: string) => options.onEvent?.({ type: 'notice', source: source.id, message })
    const byWindow = new Map<string, Claim[]>()
    for (const claim of claimed.values()) {
      const id = `${claim.window.since}|${claim.window.until}`
      byWindow.set(id, [...(byWindow.get(id) ?? []), claim])
    }
    try {
      for (const claims of byWindow.values()) {
        const { since, until } = claims[0]!.window
        const summary = await source.fetch(
          claims.map((c) => c.combination),
          { kind: 'backfill', since: new Date(since), until: new Date(until) },
          {
            maxPages,
            signal: deadline.signal,
            onNotice: notice,
            resumeAfter: (combinations) => {
              const unit = unitKey(combinations)
              const calls = combinations.map((c) => {
                const progress = claimed.get(key(c))?.progress
                return progress?.unit === unit ? progress.calls : 0
              })
              return Math.min(...calls)
            },
            onPage: async (page) => {
              const outcomes = await upsertJobs(db, page.items, clock, {
                postedAfter: new Date(since).toISOString(),
              })
              page.items.forEach((item, i) => {
                for (const match of item.matches) claimed.get(key(match))?.jobs.add(outcomes[i]!.jobId)
              })
              report.jobsFetched += page.items.length
              report.jobsNew += outcomes.filter((o) => o.isNew).length
              report.billedRequests += page.billedRequests
              report.billedJobs += page.billedJobs
              // Progress keeps the claims alive and says how far they got; a process that died stops
              // renewing and loses them, and the run that takes over starts after this page.
              const unit = unitKey(page.combinations)
              for (const combination of page.combinations) {
                const entry = claimed.get(key(combination))
                if (!entry) continue
                await renewLease(db, entry.row, OWNER, leaseMs, clock, {
                  ...entry.window,
                  unit,
                  calls: page.unitCall,
                  jobsFound: jobsFound(entry),
                })
              }
              options.onEvent?.({
                type: 'progress',
                source: source.id,
                jobsFetched: report.jobsFetched,
                jobsNew: report.jobsNew,
              })
            },
          },
        )
        for (const failure of summary.failures) {
          for (const combination of failure.combinations) failed.set(key(combination), failure.error.message)
        }
      }
    } catch (error) {
      // Sources report their failures in the summary; anything thrown is unexpected. Release this
      // source's claims as failed (the next run retries them) before passing it on.
      const message = `${SOURCE_LABELS[source.id]} failed: ${errorMessage(error)}`
      for (const id of claimed.keys()) if (!failed.has(id)) failed.set(id, message)
      await settle(options, source.id, claimed, failed, report)
      throw error
    } finally {
      deadline.clear()
    }
    if (deadline.passed) notice(deadline.message)
    await settle(options, source.id, claimed, failed, report)
  }
}

interface Claim {
  row: number
  combination: Combination
  jobs: Set<number>
  window: { since: string; until: string }
  /** What an interrupted run of this combination had stored already. */
  progress: BackfillProgress | undefined
}

/** Jobs found for a claim: those of this run, plus those an interrupted run had counted. */
function jobsFound(claim: Claim): number {
  return claim.jobs.size + (claim.progress?.jobsFound ?? 0)
}

async function settle(
  options: BackfillOptions,
  source: SourceId,
  claimed: Map<string, Claim>,
  failed: Map<string, string>,
  report: BackfillReport,
): Promise<void> {
  for (const [id, entry] of claimed) {
    const error = failed.get(id)
    if (error) {
      await failBackfill(options.db, entry.row, OWNER, error, options.clock)
      report.outcomes.push({
        source,
        combination: entry.combination,
        status: 'failed',
        jobsFound: jobsFound(entry),
        error,
      })
      options.onEvent?.({ type: 'combination-failed', source, combination: entry.combination, error })
    } else {
      await completeBackfill(options.db, entry.row, OWNER, jobsFound(entry), options.clock)
      report.outcomes.push({
        source,
        combination: entry.combination,
        status: 'done',
        jobsFound: jobsFound(entry),
      })
      options.onEvent?.({
        type: 'combination-finished',
        source,
        combination: entry.combination,
        jobsFound: jobsFound(entry),
      })
    }
  }
}

function toCombination(candidate: BackfillCandidate): Combination {
  return {
    title: candidate.titleKeyword,
    location: candidate.location,
    titleKey: candidate.titleKey,
    locationKey: candidate.locationKey,
  }
}

function key(c: { titleKey: string; locationKey: string }): string {
  return comboId(c.titleKey, c.locationKey)
}
