import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DailyReport, SourceDailyReport } from '../../../shared/daily-report'
import type { Clock } from '../clock'
import type { Database, SourceId } from '../db/schema'
import { errorMessage } from '../errors'
import { readKnobs } from '../quota/knobs'
import { quotaStatus } from '../quota/ledger'
import { upsertJobs } from '../repos/jobs-repo'
import { acquireLock } from '../repos/locks-repo'
import { advanceMarks, dailyMarks } from '../repos/marks-repo'
import { type ActiveCombination, activeCombinations } from '../repos/queries-repo'
import { closeInterruptedRuns, finishRun, keepRunAlive, RUN_LEASE_MS, startRun } from '../repos/runs-repo'
import { getSetting } from '../repos/settings-repo'
import { usageSince } from '../repos/usage-repo'
import { startDeadline } from '../sources/deadline'
import type { Combination, FetchSummary, JobSource } from '../sources/job-source'
import { SOURCE_LABELS, SourceError } from '../sources/source-error'
import { analyseQuota, DEFAULT_PLAN_LIMITS, type PlanLimits } from './quota-analysis'
import { type PlannedWindow, planWindows, type WindowContext } from './windows'

export interface DailyLoadOptions {
  db: Kysely<Database>
  clock: Clock
  sourceIds: readonly SourceId[]
  sourcesFor: (runId: number) => JobSource[]
  trigger: string
  /** A scheduled slot (or a retry of one: `key#2`): only the first process to start it runs it. */
  slotKey?: string
  /** The slot's time: what any load loaded since then (an earlier attempt, a manual load) is not missing. */
  slotAt?: Date
  /** The slot before it: a mark from then is a normal day's, even when the day had 25 hours. */
  previousSlotAt?: Date
  /** Rows below this priority are not loaded daily (default: the `daily.minPriority` setting, else 0). */
  minPriority?: number
  /** Pages per combination; default: the `quota.knobs` setting (1). */
  maxPages?: number
  /**
   * Loads a day the schedule has (default 1). One a day asks Active Jobs DB for its 24 hours by indexing
   * time; several ask by posting date since the load before, so no job is billed at every load.
   */
  slotsPerDay?: number
  /** Wall-clock time each source may take in this run before it is stopped (default 5 minutes). */
  sourceDeadlineMs?: number
  /** After a monthly-quota 429, how long to wait before one check call (default 5 s). */
  quotaRecheckMs?: number
  /** How long the daily-load lock and the run's heartbeat hold without renewal (default 2 minutes). */
  leaseMs?: number
  /** Default: the `plan.limits` setting, else BASIC for JSearch and Ultra for Active Jobs DB. */
  planLimits?: Partial<Record<SourceId, PlanLimits>>
  /** After each source, and once before the first: how far the run is. */
  onProgress?: (progress: DailyProgress) => void
  /** Lines worth showing while the load waits: for another load, for a retry, or a deadline. */
  onNotice?: (message: string) => void
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

export type DailyOutcome =
  | { status: 'ran'; report: DailyReport }
  | { status: 'slot-taken'; slotKey: string }
  /** Another load running at the same time loaded everything this one was asked for. */
  | { status: 'up-to-date'; message: string }

export const DAILY_LOCK = 'daily-load'

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
 * The morning load: every active combination of everyone once (SELECT DISTINCT), from each enabled
 * source, each combination from its own mark — where its last successful load of that source ended — so
 * a part that failed is asked for again next time and no window is lost. One load at a time across every
 * process on the database: a second one waits, then loads only what is still missing.
 */
export async function runDailyLoad(options: DailyLoadOptions): Promise<DailyOutcome> {
  const { db, clock } = options
  const leaseMs = options.leaseMs ?? RUN_LEASE_MS
  const askedAt = clock()
  await closeInterruptedRuns(db, clock, leaseMs)
  // Loads running now, or started from now on, are the ones this one may have to wait for: what they
  // load is not missing.
  const running = await db
    .selectFrom('runs')
    .select('id')
    .where('kind', '=', 'daily')
    .where('status', '=', 'running')
    .execute()
  const newest = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  const lastIdBefore = Number(newest?.id ?? 0)
  const lock = await acquireLock(db, {
    name: DAILY_LOCK,
    clock,
    leaseMs,
    onWait: () =>
      options.onNotice?.(
        'Another daily load is running on this database; waiting for it to finish, then loading only what it did not.',
      ),
  })
  try {
    // The load waited for may have died instead of finishing.
    await closeInterruptedRuns(db, clock, leaseMs)
    const ctx: WindowContext = {
      now: clock(),
      askedAt: options.slotAt && options.slotAt < askedAt ? options.slotAt : askedAt,
      loadedAlongside: (runId) => runId > lastIdBefore || running.some((r) => r.id === runId),
      slotsPerDay: options.slotsPerDay ?? 1,
      scheduled: options.slotKey !== undefined,
      previousSlotAt: options.previousSlotAt,
    }
    const minPriority =
      options.minPriority ?? (await getSetting(db, MIN_PRIORITY_SETTING, minPrioritySchema, 0))
    const combos = await activeCombinations(db, minPriority)
    const plans = new Map<SourceId, ReturnType<typeof planWindows>>()
    for (const source of options.sourceIds)
      plans.set(source, planWindows(source, combos, await dailyMarks(db, source), ctx))
    const nothingMissing =
      combos.length > 0 && [...plans.values()].every((p) => p.windows.length === 0 && p.upToDate.length > 0)
    if (nothingMissing && !options.slotKey) {
      return {
        status: 'up-to-date',
        message:
          'The daily load that was running when this one was asked for has loaded every combination: nothing is missing.',
      }
    }
    const run = await startRun(
      db,
      { kind: 'daily', trigger: options.trigger, slotKey: options.slotKey },
      clock,
    )
    if (!run) return { status: 'slot-taken', slotKey: options.slotKey! }
    const stopBeating = keepRunAlive(db, run.id, clock, leaseMs)
    try {
      const report = await load(options, run.id, run.started_at, combos, plans)
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
      return { status: 'ran', report }
    } catch (error) {
      await finishRun(
        db,
        run.id,
        { status: 'failed', requests: 0, jobsFetched: 0, jobsNew: 0, error: errorMessage(error) },
        clock,
      )
      throw error
    } finally {
      stopBeating()
    }
  } finally {
    await lock.release()
  }
}

async function load(
  options: DailyLoadOptions,
  runId: number,
  startedAt: string,
  combos: ActiveCombination[],
  plans: Map<SourceId, ReturnType<typeof planWindows>>,
): Promise<DailyReport> {
  const { db, clock } = options
  const limits = options.planLimits ?? (await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {}))
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
  const maxPages = options.maxPages ?? (await readKnobs(db)).dailyPages

  const sources = options.sourcesFor(runId).filter((s) => plans.has(s.id))
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
    const planned = plans.get(source.id)!
    const wanted = planned.windows.flatMap((w) => w.combinations)
    const guard = wanted.length
      ? await budget(db, source, wanted, plan, clock)
      : { load: [], skipped: [], quotaCheck: null }
    const chosen = new Set(guard.load)
    const entry: Omit<SourceDailyReport, 'quota'> = {
      source: source.id,
      combinations: chosen.size,
      calls: 0,
      billedRequests: 0,
      billedJobs: 0,
      jobsFetched: 0,
      skipped: guard.skipped,
      failures: [],
      // The windows asked for; combinations the budget made wait are listed as skipped instead.
      windows: planned.windows.flatMap((w) => {
        const asked = w.combinations.filter((c) => chosen.has(c))
        return asked.length ? [{ ...w.report, combinations: asked.map((c) => label(toCombination(c))) }] : []
      }),
      upToDate: planned.upToDate.length,
      quotaCheck: guard.quotaCheck,
    }
    const deadline = startDeadline(source.id, options.sourceDeadlineMs)
    try {
      for (const window of planned.windows) {
        const load = window.combinations.filter((c) => chosen.has(c))
        if (load.length === 0) continue
        if (deadline.passed) {
          entry.failures.push({
            combinations: load.map((c) => label(toCombination(c))),
            reason: deadline.message,
          })
          continue
        }
        const stop = await loadWindow(options, source, window, load, {
          runId,
          maxPages,
          report,
          entry,
          newPerCombination,
          signal: deadline.signal,
        })
        if (stop) entry.quotaCheck = stop.quotaCheck ?? entry.quotaCheck
        if (stop?.stopSource) {
          // A fault that would repeat for every call: the windows still to come fail with it, unasked.
          const rest = planned.windows.slice(planned.windows.indexOf(window) + 1)
          const left = rest.flatMap((w) => w.combinations.filter((c) => chosen.has(c)))
          if (left.length)
            entry.failures.push({
              combinations: left.map((c) => label(toCombination(c))),
              reason: stop.reason,
            })
          break
        }
      }
    } finally {
      deadline.clear()
    }
    if (deadline.passed) options.onNotice?.(deadline.message)
    const used = plan.unit === 'jobs' ? entry.billedJobs : entry.billedRequests
    report.sources.push({ ...entry, quota: await analyseQuota(db, source.id, used, plan, clock) })
    progress()
  }
  await notify(options, newPerCombination)
  return report
}

interface WindowState {
  runId: number
  maxPages: number
  report: DailyReport
  entry: Omit<SourceDailyReport, 'quota'>
  newPerCombination: Map<string, Set<number>>
  signal: AbortSignal
}

/**
 * One window of one source: fetch, store page by page, move each combination's mark when all its pages
 * are stored. A monthly-quota 429 is re-checked once with the cheapest call before it is believed: when
 * the check finds quota left, the combinations it stopped are asked for again.
 */
async function loadWindow(
  options: DailyLoadOptions,
  source: JobSource,
  window: PlannedWindow,
  combinations: ActiveCombination[],
  state: WindowState,
): Promise<{ stopSource: boolean; reason: string; quotaCheck?: string } | undefined> {
  const { db, clock } = options
  const fetchOnce = (list: Combination[]) =>
    source.fetch(list, window.window, {
      maxPages: state.maxPages,
      signal: state.signal,
      onNotice: options.onNotice,
      onPage: async (page) => {
        const outcomes = await upsertJobs(db, page.items, clock)
        page.items.forEach((item, i) => {
          if (!outcomes[i]!.isNew) return
          for (const m of item.matches) {
            const id = `${m.titleKey}\u0000${m.locationKey}`
            state.newPerCombination.set(
              id,
              (state.newPerCombination.get(id) ?? new Set()).add(outcomes[i]!.jobId),
            )
          }
        })
        state.entry.jobsFetched += page.items.length
        state.report.jobsFetched += page.items.length
        state.report.jobsNew += outcomes.filter((o) => o.isNew).length
      },
      onUnitDone: (done) => advanceMarks(db, source.id, done, window.window.until, state.runId, clock),
    })
  const add = (summary: FetchSummary, failures: FetchSummary['failures']) => {
    state.entry.calls += summary.calls
    state.entry.billedRequests += summary.billedRequests
    state.entry.billedJobs += summary.billedJobs
    state.entry.failures.push(
      ...failures.map((f) => ({ combinations: f.combinations.map(label), reason: f.error.message })),
    )
  }
  let summary: FetchSummary
  try {
    summary = await fetchOnce(combinations.map(toCombination))
  } catch (error) {
    // Sources report their failures in the summary; anything thrown is unexpected, but this window's
    // combinations are then failed with it rather than losing the whole run.
    const reason = errorMessage(error)
    state.entry.failures.push({ combinations: combinations.map((c) => label(toCombination(c))), reason })
    return { stopSource: true, reason }
  }
  const stoppedBy = summary.stoppedBy
  if (stoppedBy?.kind !== 'quota-exhausted') {
    add(summary, summary.failures)
    return stoppedBy ? { stopSource: true, reason: stoppedBy.message } : undefined
  }
  // One monthly-quota answer is not yet proof: wait, then one check call.
  const stopped = summary.failures.filter((f) => f.error === stoppedBy)
  add(
    summary,
    summary.failures.filter((f) => f.error !== stoppedBy),
  )
  const check = await recheckQuota(source, options.quotaRecheckMs ?? 5000, state.signal)
  if (!check.ok) {
    add({ ...summary, calls: 0, billedRequests: 0, billedJobs: 0 }, stopped)
    return { stopSource: true, reason: stoppedBy.message, quotaCheck: check.message }
  }
  options.onNotice?.(check.message)
  const again = await fetchOnce(stopped.flatMap((f) => f.combinations))
  add(again, again.failures)
  return again.stoppedBy
    ? { stopSource: true, reason: again.stoppedBy.message, quotaCheck: check.message }
    : { stopSource: false, reason: '', quotaCheck: check.message }
}

/** One call of the cheapest kind after a monthly-quota 429: is the quota really spent? */
async function recheckQuota(
  source: JobSource,
  waitMs: number,
  signal?: AbortSignal,
): Promise<{ ok: boolean; message: string }> {
  const name = SOURCE_LABELS[source.id]
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs))
  if (signal?.aborted)
    return {
      ok: false,
      message: `${name} answered "monthly quota exceeded"; not re-checked (the run's time for it was up).`,
    }
  try {
    const quota = await source.probe()
    const left =
      source.id === 'activejobs'
        ? (quota.jobs?.remaining ?? quota.requests?.remaining)
        : quota.requests?.remaining
    return {
      ok: true,
      message: `${name} answered "monthly quota exceeded" once, but a check call found ${left ?? 'quota'} ${source.id === 'activejobs' ? 'jobs' : 'requests'} left: it was a passing refusal, and the load went on.`,
    }
  } catch (error) {
    if (error instanceof SourceError && error.kind === 'quota-exhausted')
      return { ok: false, message: `${error.message.replace(/\.$/, '')} (confirmed by a check call).` }
    return {
      ok: false,
      message: `${name} answered "monthly quota exceeded"; the check call failed too: ${errorMessage(error)}`,
    }
  }
}

/**
 * The budget guard, on the newest answer's quota headers: a source whose last answer said its quota is
 * spent gets one check call first (a single 429 is not a month off); when the check confirms it, the
 * source is not called. One whose remaining quota cannot cover today's load takes the highest-priority
 * combinations first.
 */
async function budget(
  db: Kysely<Database>,
  source: JobSource,
  combos: ActiveCombination[],
  plan: PlanLimits,
  clock: Clock,
): Promise<{ load: ActiveCombination[]; skipped: SourceDailyReport['skipped']; quotaCheck: string | null }> {
  let status = await quotaStatus(db, source.id, clock)
  const left = () => {
    const counter = plan.unit === 'jobs' ? status.jobs : status.requests
    return counter.remaining ?? (counter.limit ?? plan.monthlyLimit) - counter.used
  }
  let quotaCheck: string | null = null
  if (left() <= 0 && status.asOf) {
    const check = await recheckQuota(source, 0)
    quotaCheck = check.message
    if (check.ok) status = await quotaStatus(db, source.id, clock)
    else {
      const reason = `${check.message.replace(/\.$/, '')}; not called`
      return {
        load: [],
        skipped: combos.map((c) => ({ combination: label(toCombination(c)), reason })),
        quotaCheck,
      }
    }
  }
  const remaining = left()
  const resets = status.resetAt ? `until ${status.resetAt.slice(0, 10)}` : 'until the next billing period'
  if (remaining <= 0) {
    const reason = `${SOURCE_LABELS[source.id]} monthly quota exhausted ${resets}; not called`
    return {
      load: [],
      skipped: combos.map((c) => ({ combination: label(toCombination(c)), reason })),
      quotaCheck,
    }
  }
  const perCombination =
    plan.unit === 'requests' ? 1 : await dailyJobsPerCombination(db, source.id, combos.length, clock)
  const affordable = perCombination > 0 ? Math.floor(remaining / perCombination) : combos.length
  if (affordable >= combos.length) return { load: combos, skipped: [], quotaCheck }
  const ranked = [...combos].sort((a, b) => b.maxPriority - a.maxPriority || b.rows - a.rows)
  const reason = `${SOURCE_LABELS[source.id]} has ${remaining} ${plan.unit} left ${resets}: lower-priority combinations wait`
  return {
    load: ranked.slice(0, affordable),
    skipped: ranked.slice(affordable).map((c) => ({ combination: label(toCombination(c)), reason })),
    quotaCheck,
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
