import type { Kysely } from 'kysely'
import type { DailyReport, SourceDailyReport } from '../../../shared/daily-report'
import { comboId } from '../../../shared/domain'
import type { Clock } from '../clock'
import { checkExpired } from '../closed/expired-check'
import type { Database, SourceId } from '../db/schema'
import { errorMessage } from '../errors'
import { analysisOf } from '../quota/analysis'
import { type ActiveJobsTerms, activeJobsTerms, DEFAULT_ACTIVE_JOBS_TERMS } from '../quota/backfill-cost'
import { type QuotaModel, quotaModel, type SourceQuota } from '../quota/model'
import { periodModel } from '../quota/period'
import type { PlanLimits } from '../quota/plan-limits'
import type { PlannedCall } from '../quota/planner'
import { upsertJobs } from '../repos/jobs-repo'
import { MIN_PRIORITY_SETTING, minPrioritySchema, readKnobs } from '../repos/knobs-repo'
import { acquireLock } from '../repos/locks-repo'
import { advanceMarks, type CallYield, type DailyMark, dailyMarks, markId } from '../repos/marks-repo'
import { type ActiveCombination, activeCombinations } from '../repos/queries-repo'
import { closeInterruptedRuns, finishRun, keepRunAlive, RUN_LEASE_MS, startRun } from '../repos/runs-repo'
import { getSetting } from '../repos/settings-repo'
import { startDeadline } from '../sources/deadline'
import type { Combination, FetchSummary, JobSource } from '../sources/job-source'
import { jsearchWindowDays } from '../sources/jsearch/jsearch-client'
import { SOURCE_LABELS, SourceError } from '../sources/source-error'
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
  /** Most pages per combination; default: the `quota.knobs` setting (10); the plan of calls may ask fewer. */
  maxPages?: number
  /**
   * Days a combination below the high priority may wait between loads (default: the `quota.knobs`
   * setting, 3); 0 asks every combination at every load.
   */
  maxDelayDays?: number
  /**
   * A load a person asked for ("Run daily load now", `daily --run-once`): every combination is asked,
   * within the budget, not only those the plan of calls asks today. Scheduled loads follow the plan.
   */
  askAll?: boolean
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
  /** Which Active Jobs DB window a backfill bills (the report's projection counts the backfill owed). */
  activeJobs?: ActiveJobsTerms
  /** After each source, and once before the first: how far the run is. */
  onProgress?: (progress: DailyProgress) => void
  /** Lines worth showing while the load waits: for another load, for a retry, or a deadline. */
  onNotice?: (message: string) => void
  /** New jobs per person, for the desktop notification. */
  onNewJobs?: (notice: { userId: number; newJobs: number; combinations: string[]; jobIds: number[] }) => void
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
    const model = await quotaModel(db, {
      clock,
      sources: options.sourceIds,
      minPriority,
      loadsPerDay: ctx.slotsPerDay,
      askAll: options.askAll,
      planLimits: options.planLimits,
      knobs: knobOverrides(options),
    })
    const plans = new Map<SourceId, ReturnType<typeof planWindows>>()
    for (const source of options.sourceIds)
      plans.set(source, planWindows(source, combos, await marksOf(db, source, model), ctx))
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
      const report = await load(options, run.id, run.started_at, combos, plans, model)
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
  model: QuotaModel,
): Promise<DailyReport> {
  const { db, clock } = options
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
    const planned = plans.get(source.id)!
    const wanted = planned.windows.flatMap((w) => w.combinations)
    const guard = wanted.length
      ? await budget(options, source, wanted, model)
      : { load: [], skipped: [], waiting: [], calls: new Map(), quotaCheck: null, advice: null }
    const chosen = new Set(guard.load)
    const entry: Omit<SourceDailyReport, 'quota'> = {
      source: source.id,
      combinations: chosen.size,
      calls: 0,
      billedRequests: 0,
      billedJobs: 0,
      jobsFetched: 0,
      skipped: guard.skipped,
      waiting: guard.waiting,
      advice: guard.advice,
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
      const asked = byPages(planned.windows, chosen, guard.calls, maxPages)
      for (const [index, window] of asked.entries()) {
        const load = window.combinations
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
          maxPages: window.pages,
          report,
          entry,
          newPerCombination,
          signal: deadline.signal,
        })
        if (stop) entry.quotaCheck = stop.quotaCheck ?? entry.quotaCheck
        if (stop?.stopSource) {
          // A fault that would repeat for every call: the windows still to come fail with it, unasked.
          const left = asked.slice(index + 1).flatMap((w) => w.combinations)
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
    // The figures the Quota card shows: the same model, with the backfill still owed.
    const after = await periodModel(db, {
      clock,
      sources: [source.id],
      planLimits: options.planLimits,
      loadsPerDay: options.slotsPerDay ?? 1,
      activeJobs: await activeJobsTerms(db, options.activeJobs ?? DEFAULT_ACTIVE_JOBS_TERMS, clock),
    })
    const quota = after.sources.find((q) => q.source === source.id)!
    const used = quota.unit === 'jobs' ? entry.billedJobs : entry.billedRequests
    report.sources.push({ ...entry, quota: analysisOf(quota, used) })
    progress()
  }
  // The list costs a request: not when the budget let Active Jobs DB make no call today.
  const activeJobs = report.sources.find((s) => s.source === 'activejobs')
  const spent = activeJobs !== undefined && activeJobs.calls === 0 && activeJobs.skipped.length > 0
  const expired = spent
    ? {
        listed: 0,
        closed: 0,
        note: "Active Jobs DB's list of expired jobs was not asked for: the budget let it make no call today (the list costs a request); the next load asks.",
      }
    : await checkExpired(db, sources, clock)
  if (expired) report.expired = expired
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
  // What each JSearch combination brought back, for the plan of calls (busy or quiet, truncated or not).
  const yields = new Map<string, CallYield>()
  const windowDays = jsearchWindowDays(
    (window.window.until.getTime() - window.window.since.getTime()) / 86_400_000,
  )
  const fetchOnce = (list: Combination[]) =>
    source.fetch(list, window.window, {
      maxPages: state.maxPages,
      signal: state.signal,
      onNotice: options.onNotice,
      onPage: async (page) => {
        if (source.id === 'jsearch')
          for (const c of page.combinations) {
            const id = markId(c)
            const seen = yields.get(id) ?? { returned: 0, capacity: state.maxPages * 10, windowDays }
            seen.returned += page.items.length + page.droppedOutsideWindow
            yields.set(id, seen)
          }
        const outcomes = await upsertJobs(db, page.items, clock, {
          postedAfter: window.window.since.toISOString(),
        })
        page.items.forEach((item, i) => {
          if (!outcomes[i]!.isNew) return
          for (const m of item.matches) {
            const id = comboId(m.titleKey, m.locationKey)
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
      onUnitDone: (done) =>
        advanceMarks(db, source.id, done, window.window.until, state.runId, clock, yields),
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
 * The budget guard and the plan of calls: a source whose last answer said its quota is spent gets one
 * check call first (a single 429 is not a month off); when the check confirms it, the source is not
 * called. Otherwise the plan of calls says which combinations are asked today, with how many pages, and
 * which wait — by plan (a quiet combination asked every few days) or for the budget (lower priorities).
 */
async function budget(
  options: DailyLoadOptions,
  source: JobSource,
  combos: ActiveCombination[],
  model: QuotaModel,
): Promise<{
  load: ActiveCombination[]
  calls: Map<string, PlannedCall>
  skipped: SourceDailyReport['skipped']
  waiting: NonNullable<SourceDailyReport['waiting']>
  quotaCheck: string | null
  advice: string | null
}> {
  let quota: SourceQuota = model.sources.find((q) => q.source === source.id)!
  let quotaCheck: string | null = null
  const notCalled = (reason: string) => ({
    load: [],
    calls: new Map<string, PlannedCall>(),
    skipped: combos.map((c) => ({ combination: label(toCombination(c)), reason })),
    waiting: [],
    quotaCheck,
    advice: null,
  })
  if (quota.left <= 0 && quota.leftFrom === 'gateway') {
    const check = await recheckQuota(source, 0)
    quotaCheck = check.message
    if (!check.ok) return notCalled(`${check.message.replace(/\.$/, '')}; not called`)
    const again = await quotaModel(options.db, {
      clock: options.clock,
      sources: [source.id],
      minPriority: Math.min(...combos.map((c) => c.maxPriority)),
      loadsPerDay: options.slotsPerDay ?? 1,
      askAll: options.askAll,
      planLimits: options.planLimits,
      knobs: knobOverrides(options),
    })
    quota = again.sources.find((q) => q.source === source.id)!
  }
  if (quota.left <= 0) {
    const resets = quota.resetAt ? `until ${quota.resetAt.slice(0, 10)}` : 'until the next billing period'
    return notCalled(`${SOURCE_LABELS[source.id]} monthly quota exhausted ${resets}; not called`)
  }
  const calls = new Map(quota.plan.calls.map((c) => [markId(c), c]))
  const wanted = new Set(combos.map(markId))
  const load = combos.filter((c) => calls.has(markId(c)))
  const held = quota.plan.waiting.filter((w) => wanted.has(markId(w)))
  // Waiting for the budget is a skip (the report's warning); waiting by plan is the plan working.
  const forBudget = held.filter((w) => w.reason === 'budget')
  return {
    load,
    calls,
    skipped: forBudget.map((w) => ({ combination: w.label, reason: w.why })),
    waiting: held
      .filter((w) => !forBudget.includes(w))
      .map((w) => ({ combination: w.label, dueOn: w.dueOn, daysLate: w.daysLate, why: w.why })),
    quotaCheck,
    advice: quota.plan.advice,
  }
}

function knobOverrides(options: DailyLoadOptions) {
  return {
    ...(options.maxPages !== undefined ? { dailyPages: options.maxPages } : {}),
    ...(options.maxDelayDays !== undefined ? { maxDelayDays: options.maxDelayDays } : {}),
  }
}

/**
 * Marks to plan windows from: a backfilled combination never loaded daily starts where its backfill ended,
 * so the first daily load neither asks again what the backfill fetched nor leaves the hours between out.
 */
async function marksOf(
  db: Kysely<Database>,
  source: SourceId,
  model: QuotaModel,
): Promise<Map<string, DailyMark>> {
  const marks = await dailyMarks(db, source)
  const quota = model.sources.find((q) => q.source === source)
  for (const c of quota?.inputs ?? []) {
    if (marks.has(markId(c)) || !c.backfilledAt) continue
    marks.set(markId(c), {
      titleKey: c.titleKey,
      locationKey: c.locationKey,
      loadedUntil: c.backfilledAt.toISOString(),
      runId: null,
      lastCall: null,
    })
  }
  return marks
}

/** The windows again, split by the pages the plan of calls gives each combination. */
function byPages(
  windows: readonly PlannedWindow[],
  chosen: ReadonlySet<ActiveCombination>,
  calls: ReadonlyMap<string, PlannedCall>,
  maxPages: number,
): Array<PlannedWindow & { pages: number }> {
  const out: Array<PlannedWindow & { pages: number }> = []
  for (const window of windows) {
    const groups = new Map<number, ActiveCombination[]>()
    for (const c of window.combinations) {
      if (!chosen.has(c)) continue
      const pages = Math.min(maxPages, calls.get(markId(c))?.pages ?? maxPages)
      groups.set(pages, [...(groups.get(pages) ?? []), c])
    }
    for (const [pages, combinations] of groups) out.push({ ...window, combinations, pages })
  }
  return out
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
    const jobs = newPerCombination.get(comboId(row.title_key, row.location_key))
    if (!jobs) continue
    const entry = perUser.get(row.user_id) ?? { jobs: new Set<number>(), combinations: [] }
    for (const id of jobs) entry.jobs.add(id)
    entry.combinations.push(`${row.title_keyword} in ${row.location}`)
    perUser.set(row.user_id, entry)
  }
  // A job found by two of a person's combinations is one new job for them.
  for (const [userId, entry] of perUser)
    options.onNewJobs({
      userId,
      newJobs: entry.jobs.size,
      combinations: entry.combinations,
      jobIds: [...entry.jobs],
    })
}

function toCombination(c: ActiveCombination): Combination {
  return { title: c.titleKeyword, location: c.location, titleKey: c.titleKey, locationKey: c.locationKey }
}
