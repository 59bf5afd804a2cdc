import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DailyReport, SourceDailyReport } from '../../../shared/daily-report'
import type { Clock } from '../clock'
import type { Database, SourceId } from '../db/schema'
import { errorMessage } from '../errors'
import { readKnobs } from '../quota/knobs'
import { quotaStatus } from '../quota/ledger'
import { upsertJobs } from '../repos/jobs-repo'
import { type ActiveCombination, activeCombinations } from '../repos/queries-repo'
import { finishRun, lastLoadStart, releaseSlot, startRun } from '../repos/runs-repo'
import { getSetting } from '../repos/settings-repo'
import { usageSince } from '../repos/usage-repo'
import type { Combination, JobSource } from '../sources/job-source'
import { SOURCE_LABELS } from '../sources/source-error'
import { analyseQuota, DEFAULT_PLAN_LIMITS, type PlanLimits } from './quota-analysis'

export interface DailyLoadOptions {
  db: Kysely<Database>
  clock: Clock
  sourceIds: readonly SourceId[]
  sourcesFor: (runId: number) => JobSource[]
  trigger: string
  /** A scheduled slot: only the first process to start it runs it. */
  slotKey?: string
  /** Rows below this priority are not loaded daily (default: the `daily.minPriority` setting, else 0). */
  minPriority?: number
  /** Pages per combination; default: the `quota.knobs` setting (1). */
  maxPages?: number
  /**
   * Where the window starts (never more than 24 hours back): the slot before, for a scheduled load; by
   * default, where the last load that got somewhere started.
   */
  since?: Date
  /** Default: the `plan.limits` setting, else BASIC for JSearch and Ultra for Active Jobs DB. */
  planLimits?: Partial<Record<SourceId, PlanLimits>>
  /** After each source, and once before the first: how far the run is. */
  onProgress?: (progress: DailyProgress) => void
  /** New jobs per person, for the desktop notification. */
  onNewJobs?: (notice: { userId: number; newJobs: number; combinations: string[] }) => void
}

export interface DailyProgress {
  runId: number
  /** Sources finished, of `total`. */
  done: number
  total: number
  jobsFetched: number
  jobsNew: number
}

export type { DailyReport, SourceDailyReport } from '../../../shared/daily-report'

export type DailyOutcome = { status: 'ran'; report: DailyReport } | { status: 'slot-taken'; slotKey: string }

const label = (c: { title: string; location: string }) => `${c.title} in ${c.location}`

/** Settings the daily load reads when its caller does not say (the settings screen writes them). */
export const MIN_PRIORITY_SETTING = 'daily.minPriority'
export const PLAN_LIMITS_SETTING = 'plan.limits'
export const minPrioritySchema = z.number().int().min(0).max(10)
const planLimitSchema = z.object({
  unit: z.enum(['requests', 'jobs']),
  monthlyLimit: z.number().int().positive(),
})
export const planLimitsSchema = z.object({
  jsearch: planLimitSchema.optional(),
  activejobs: planLimitSchema.optional(),
})

/**
 * The morning load: every active combination of everyone once (SELECT DISTINCT), the last 24 hours from
 * each enabled source, stored and deduplicated, with the query and quota analysis kept on the run.
 */
export async function runDailyLoad(options: DailyLoadOptions): Promise<DailyOutcome> {
  const { db, clock } = options
  const run = await startRun(db, { kind: 'daily', trigger: options.trigger, slotKey: options.slotKey }, clock)
  if (!run) return { status: 'slot-taken', slotKey: options.slotKey! }
  try {
    const report = await load(options, run.id, run.started_at)
    const failedEverywhere =
      report.sources.length > 0 &&
      report.sources.every((s) => s.calls === 0 && s.failures.length + s.skipped.length > 0)
    await finishRun(
      db,
      run.id,
      {
        status: failedEverywhere
          ? 'failed'
          : report.sources.some((s) => s.failures.length || s.skipped.length)
            ? 'partial'
            : 'success',
        requests: report.sources.reduce((n, s) => n + s.billedRequests, 0),
        jobsFetched: report.jobsFetched,
        jobsNew: report.jobsNew,
        report,
        error: failedEverywhere ? 'no source could be loaded' : null,
      },
      clock,
    )
    // A day counts as done only after a run that got somewhere: free the slot for the catch-up otherwise.
    if (failedEverywhere && options.slotKey) await releaseSlot(db, run.id)
    return { status: 'ran', report }
  } catch (error) {
    await finishRun(
      db,
      run.id,
      { status: 'failed', requests: 0, jobsFetched: 0, jobsNew: 0, error: errorMessage(error) },
      clock,
    )
    if (options.slotKey) await releaseSlot(db, run.id)
    throw error
  }
}

async function load(options: DailyLoadOptions, runId: number, startedAt: string): Promise<DailyReport> {
  const { db, clock } = options
  const minPriority =
    options.minPriority ?? (await getSetting(db, MIN_PRIORITY_SETTING, minPrioritySchema, 0))
  const limits = options.planLimits ?? (await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {}))
  const combos = await activeCombinations(db, minPriority)
  const totalQueryRows = combos.reduce((n, c) => n + c.rows, 0)
  const report: DailyReport = {
    runId,
    startedAt,
    totalQueryRows,
    uniqueCombinations: combos.length,
    callsSavedBySharing: totalQueryRows - combos.length,
    callsSavedPercent: totalQueryRows
      ? Math.round(((totalQueryRows - combos.length) / totalQueryRows) * 1000) / 10
      : 0,
    jobsFetched: 0,
    jobsNew: 0,
    sources: [],
  }
  const newPerCombination = new Map<string, Set<number>>()
  const until = clock()
  // Several loads a day each ask for the time since the one before; never more than the APIs' 24 hours.
  const dayAgo = until.getTime() - 86_400_000
  const from = options.since ?? (await lastLoadStart(db))
  const since = new Date(Math.max(dayAgo, Math.min(from?.getTime() ?? dayAgo, until.getTime())))
  const window = { kind: 'daily' as const, since, until }
  const maxPages = options.maxPages ?? (await readKnobs(db)).dailyPages

  const sources = options.sourcesFor(runId)
  const progress = () =>
    options.onProgress?.({
      runId,
      done: report.sources.length,
      total: sources.length,
      jobsFetched: report.jobsFetched,
      jobsNew: report.jobsNew,
    })
  progress()
  for (const source of sources) {
    const plan = limits[source.id] ?? DEFAULT_PLAN_LIMITS[source.id]
    const { load: chosen, skipped } = await budget(db, source.id, combos, plan, clock)
    const entry = {
      source: source.id,
      combinations: chosen.length,
      calls: 0,
      billedRequests: 0,
      billedJobs: 0,
      jobsFetched: 0,
      skipped,
      failures: [] as SourceDailyReport['failures'],
    }
    if (chosen.length > 0) {
      try {
        const summary = await source.fetch(chosen.map(toCombination), window, {
          maxPages,
          onPage: async (page) => {
            const outcomes = await upsertJobs(db, page.items, clock)
            page.items.forEach((item, i) => {
              if (!outcomes[i]!.isNew) return
              for (const m of item.matches) {
                const id = `${m.titleKey}\u0000${m.locationKey}`
                newPerCombination.set(id, (newPerCombination.get(id) ?? new Set()).add(outcomes[i]!.jobId))
              }
            })
            entry.jobsFetched += page.items.length
            report.jobsFetched += page.items.length
            report.jobsNew += outcomes.filter((o) => o.isNew).length
          },
        })
        entry.calls = summary.calls
        entry.billedRequests = summary.billedRequests
        entry.billedJobs = summary.billedJobs
        entry.failures = summary.failures.map((f) => ({
          combinations: f.combinations.map(label),
          reason: f.error.message,
        }))
      } catch (error) {
        // Sources report their failures in the summary; anything thrown is unexpected, but this source's
        // combinations are then failed with it rather than losing the whole run.
        entry.failures = [
          { combinations: chosen.map((c) => label(toCombination(c))), reason: errorMessage(error) },
        ]
      }
    }
    const used = plan.unit === 'jobs' ? entry.billedJobs : entry.billedRequests
    report.sources.push({ ...entry, quota: await analyseQuota(db, source.id, used, plan, clock) })
    progress()
  }
  await notify(options, newPerCombination)
  return report
}

/**
 * The budget guard: a source whose quota is spent until its reset is not called at all; one whose
 * remaining quota cannot cover today's load takes the highest-priority combinations first.
 */
async function budget(
  db: Kysely<Database>,
  source: SourceId,
  combos: ActiveCombination[],
  plan: PlanLimits,
  clock: Clock,
): Promise<{ load: ActiveCombination[]; skipped: SourceDailyReport['skipped'] }> {
  const status = await quotaStatus(db, source, clock)
  const counter = plan.unit === 'jobs' ? status.jobs : status.requests
  const remaining = counter.remaining ?? (counter.limit ?? plan.monthlyLimit) - counter.used
  const resets = status.resetAt ? `until ${status.resetAt.slice(0, 10)}` : 'until the next billing period'
  if (remaining <= 0) {
    const reason = `${SOURCE_LABELS[source]} monthly quota exhausted ${resets}; not called`
    return { load: [], skipped: combos.map((c) => ({ combination: label(toCombination(c)), reason })) }
  }
  const perCombination =
    plan.unit === 'requests' ? 1 : await dailyJobsPerCombination(db, source, combos.length, clock)
  const affordable = perCombination > 0 ? Math.floor(remaining / perCombination) : combos.length
  if (affordable >= combos.length) return { load: combos, skipped: [] }
  const ranked = [...combos].sort((a, b) => b.maxPriority - a.maxPriority || b.rows - a.rows)
  const reason = `${SOURCE_LABELS[source]} has ${remaining} ${plan.unit} left ${resets}: lower-priority combinations wait`
  return {
    load: ranked.slice(0, affordable),
    skipped: ranked.slice(affordable).map((c) => ({ combination: label(toCombination(c)), reason })),
  }
}

/** Billed jobs per combination per day over the last week; 0 when there is no history yet. */
async function dailyJobsPerCombination(
  db: Kysely<Database>,
  source: SourceId,
  combos: number,
  clock: Clock,
): Promise<number> {
  const week = await usageSince(db, source, new Date(clock().getTime() - 7 * 86_400_000).toISOString())
  return combos > 0 ? week.billedJobs / 7 / combos : 0
}

async function notify(options: DailyLoadOptions, newPerCombination: Map<string, Set<number>>): Promise<void> {
  if (!options.onNewJobs || newPerCombination.size === 0) return
  const rows = await options.db
    .selectFrom('user_search_queries')
    .select(['user_id', 'title_key', 'location_key', 'title_keyword', 'location'])
    .where('is_active', '=', 1)
    .execute()
  const perUser = new Map<number, { jobs: Set<number>; combinations: string[] }>()
  for (const row of rows) {
    const jobs = newPerCombination.get(`${row.title_key}\u0000${row.location_key}`)
    if (!jobs) continue
    const entry = perUser.get(row.user_id) ?? { jobs: new Set<number>(), combinations: [] }
    for (const id of jobs) entry.jobs.add(id)
    entry.combinations.push(`${row.title_keyword} in ${row.location}`)
    perUser.set(row.user_id, entry)
  }
  // A job found by two of a person's combinations is one new job for them.
  for (const [userId, entry] of perUser)
    options.onNewJobs({ userId, newJobs: entry.jobs.size, combinations: entry.combinations })
}

function toCombination(c: ActiveCombination): Combination {
  return { title: c.titleKeyword, location: c.location, titleKey: c.titleKey, locationKey: c.locationKey }
}
