import type { DailyWindowReport } from '../../../shared/daily-report'
import type { SourceId } from '../db/schema'
import { type DailyMark, markId } from '../repos/marks-repo'
import type { ActiveCombination } from '../repos/queries-repo'
import type { FetchWindow } from '../sources/job-source'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * The widest window a source can be asked for in a daily load: JSearch's `date_posted=month`, Active Jobs
 * DB's 7-day window. A mark older than that leaves a gap, which the report names.
 */
export const WIDEST_WINDOW_MS: Record<SourceId, number> = { jsearch: 30 * DAY, activejobs: 7 * DAY }

/**
 * Active Jobs DB's 24-hour endpoint lists jobs *indexed* in the last 24 hours, which is exactly one day's
 * news; it has no "indexed since" filter. A mark up to this much older than 24 hours (a load a little
 * later than yesterday's) still uses it, and the minutes before its start are named as a gap.
 */
const INDEXED_TOLERANCE_MS = 10 * 60_000

/**
 * After a missed window Active Jobs DB is asked by posting date (`date_filter`), which misses a job that was
 * posted before the filter but indexed after it. Reaching this far before the mark catches jobs indexed up
 * to a day after they were posted, at the price of one day's jobs billed again on the day after a failure.
 */
export const INDEXING_LAG_MS = DAY

/** A manual load this soon after the mark is an extra one between the scheduled loads. */
const EXTRA_LOAD_MS = 12 * HOUR

export interface WindowContext {
  now: Date
  /**
   * When the load was asked for (before it waited for another one), or its slot's time: a mark at or
   * after it means that combination is already loaded.
   */
  askedAt: Date
  /** Whether a run was running when this load was asked for, or started since: what it loaded is not missing. */
  loadedAlongside: (runId: number) => boolean
  /** Loads a day the schedule has: several a day ask Active Jobs DB by posting date. */
  slotsPerDay: number
  /** A scheduled or catch-up load, as opposed to one a person started. */
  scheduled: boolean
  /** For a scheduled load, when the slot before it was. */
  previousSlotAt?: Date
}

export interface PlannedWindow {
  window: FetchWindow
  combinations: ActiveCombination[]
  report: Omit<DailyWindowReport, 'combinations'>
}

export interface WindowPlan {
  windows: PlannedWindow[]
  /** Combinations another load had just loaded: nothing is missing for them. */
  upToDate: ActiveCombination[]
}

/**
 * Where each combination's daily load starts: at its own mark (the end of its last successful fetch), or
 * 24 hours back for one never loaded daily; capped by the source's widest window. Combinations asked the
 * same way are grouped, so a source can still batch them.
 */
export function planWindows(
  source: SourceId,
  combinations: readonly ActiveCombination[],
  marks: ReadonlyMap<string, DailyMark>,
  ctx: WindowContext,
): WindowPlan {
  const now = ctx.now.getTime()
  const groups = new Map<string, PlannedWindow>()
  const upToDate: ActiveCombination[] = []
  for (const combination of combinations) {
    const mark = marks.get(markId(combination))
    const markedAt = mark ? Date.parse(mark.loadedUntil) : undefined
    if (
      mark &&
      markedAt !== undefined &&
      (markedAt >= ctx.askedAt.getTime() || (mark.runId !== null && ctx.loadedAlongside(mark.runId)))
    ) {
      upToDate.push(combination)
      continue
    }
    const from = Math.min(markedAt ?? now - DAY, now)
    const planned =
      source === 'jsearch'
        ? jsearchWindow(from, now)
        : activeJobsWindow(from, now, ctx, markedAt !== undefined)
    const key = `${planned.window.since.toISOString()}|${planned.window.postedSince ?? false}|${planned.report.gap?.from ?? ''}`
    const group = groups.get(key) ?? { ...planned, combinations: [] }
    group.combinations.push(combination)
    groups.set(key, group)
  }
  return { windows: [...groups.values()], upToDate }
}

function jsearchWindow(from: number, now: number): Omit<PlannedWindow, 'combinations'> {
  const since = Math.max(from, now - WIDEST_WINDOW_MS.jsearch)
  return {
    window: { kind: 'daily', since: new Date(since), until: new Date(now) },
    report: {
      from: iso(since),
      to: iso(now),
      how: 'posted since',
      gap: gapBetween(from, since),
    },
  }
}

function activeJobsWindow(
  from: number,
  now: number,
  ctx: WindowContext,
  marked: boolean,
): Omit<PlannedWindow, 'combinations'> {
  const age = now - from
  // A mark from the previous slot's load is a normal day's, even on the day clocks go back (25 hours):
  // the 24-hour window is still the right question, and the hour it cannot reach is named as a gap.
  const fromPreviousSlot =
    ctx.previousSlotAt !== undefined &&
    from >= ctx.previousSlotAt.getTime() - INDEXED_TOLERANCE_MS &&
    age <= DAY + HOUR + INDEXED_TOLERANCE_MS
  if (age <= DAY + INDEXED_TOLERANCE_MS || fromPreviousSlot) {
    const extra = marked && (ctx.slotsPerDay > 1 || (!ctx.scheduled && age < EXTRA_LOAD_MS))
    if (extra) {
      // Several loads a day: each asks only for jobs posted since the one before, so no job is billed at
      // every load. (A job posted before the previous load but indexed after it waits for a day with one.)
      return {
        window: { kind: 'daily', since: new Date(from), until: new Date(now), postedSince: true },
        report: { from: iso(from), to: iso(now), how: 'posted since', gap: null },
      }
    }
    // One load a day: the API's 24 hours by indexing time, so a job indexed late is not missed. The
    // schedule decides this, not the span: on the day clocks go forward the span is 23 hours.
    const since = now - DAY
    return {
      window: { kind: 'daily', since: new Date(since), until: new Date(now) },
      report: { from: iso(since), to: iso(now), how: 'indexed since', gap: gapBetween(from, since) },
    }
  }
  // A missed window: ask by posting date from a day before the mark, as far as the 7-day window reaches.
  const since = Math.max(from - INDEXING_LAG_MS, now - WIDEST_WINDOW_MS.activejobs)
  return {
    window: { kind: 'daily', since: new Date(since), until: new Date(now), postedSince: true },
    report: {
      from: iso(since),
      to: iso(now),
      how: 'posted since',
      gap: gapBetween(from, Math.max(from, now - WIDEST_WINDOW_MS.activejobs)),
    },
  }
}

function gapBetween(from: number, covered: number): DailyWindowReport['gap'] {
  return covered > from ? { from: iso(from), to: iso(covered) } : null
}

const iso = (ms: number) => new Date(ms).toISOString()
