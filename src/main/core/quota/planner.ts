import type { SourceId } from '../../../shared/domain'
import { SOURCE_NAMES } from '../../../shared/domain'
import { jsearchBilledRequests, jsearchWindowDays } from '../sources/jsearch/jsearch-client'

/**
 * The plan of calls: before each load, what every combination is asked for today so that no source
 * leaves its plan and the jobs reached per request are highest. Pure: the inputs are read elsewhere
 * (plan-inputs.ts), so the choices can be tested on synthetic histories.
 *
 * JSearch bills pages asked, not jobs: one page is 1 request and 2–10 pages are 2, whatever comes back.
 * So a quiet combination is best asked every few days with `3days` (one page covers three quiet days),
 * a busy one with ten pages for the price of two. Active Jobs DB bills every job returned once whenever it
 * is asked, and batches many combinations into one call: it is asked every day, and only a jobs budget
 * that cannot cover the day makes lower priorities wait.
 */

const DAY = 86_400_000
/** Results one JSearch page holds. */
const PAGE = 10
/**
 * Pages asked for are sized for the expected volume plus two standard deviations (postings arrive like a
 * Poisson process): one page holds a quiet window about 97% of the time.
 */
const SIGMAS = 2
/** A combination due within this much of its interval is loaded (loads are not at the same second). */
const DUE_SLACK_DAYS = 0.25
/** A backfill this recent covers what an Active Jobs DB daily load of it would ask. */
const BACKFILL_COVERS_MS = 12 * 3_600_000
/** The widest interval a combination is stretched to when the budget is short (JSearch's `week`). */
const STRETCH_DAYS = 7

export interface PlannerSettings {
  /** Combinations with a priority at or above this are loaded every day (default 8). */
  highPriority: number
  /** The others are loaded at most this many days late (default 3; 0 loads everything every day). */
  maxDelayDays: number
  /** Most pages per combination and load (the `dailyPages` knob; default 10). */
  maxPages: number
  /** Loads a day the schedule has: high priorities are asked at every one. */
  loadsPerDay: number
  /**
   * A load a person asked for ("Run daily load now", `daily --run-once`): every combination is asked,
   * within the budget, whether or not the plan would ask it today.
   */
  askAll?: boolean
}

export const DEFAULT_PLANNER_SETTINGS: PlannerSettings = {
  highPriority: 8,
  maxDelayDays: 3,
  maxPages: 10,
  loadsPerDay: 1,
}

export interface PlannerCombination {
  titleKey: string
  locationKey: string
  /** "Data Engineer in Berlin". */
  label: string
  priority: number
  /** Up to when its daily jobs from this source are loaded (its mark, or its backfill); null: never. */
  loadedUntil: Date | null
  /** Jobs a day this source brings for it (observed); null when it was never fetched. */
  perDay: number | null
  /** The last answer filled every page asked: the volume is at least `perDay`, maybe more. */
  truncated: boolean
  /** When its backfill finished, if it had one. */
  backfilledAt?: Date | null
}

export interface SourceBudgetInput {
  source: SourceId
  unit: 'requests' | 'jobs'
  /** What the plan has left until the reset (the gateway's count when it told us). */
  left: number
  /** Days until the reset, today included (at least 1). */
  daysLeft: number
  /** Kept back for newcomers' backfills. */
  reserve: number
  /** Billed per day for the same plan when nothing is known about a combination (Active Jobs DB jobs). */
  averagePerDay: number
}

export interface PlannedCall {
  titleKey: string
  locationKey: string
  label: string
  priority: number
  /** The window asked: JSearch `today`/`3days`/`week`/`month`, Active Jobs DB `24h`/`7d`. */
  window: string
  pages: number
  /** Expected cost in the source's unit (exact for JSearch). */
  cost: number
  /** Asked every this many days. */
  everyDays: number
  why: string
}

export interface WaitingCombination {
  titleKey: string
  locationKey: string
  label: string
  priority: number
  /** The day it is next asked for (YYYY-MM-DD). */
  dueOn: string
  /** Days past the promised delay (0 when it waits by plan, not for the budget). */
  daysLate: number
  /** `plan`: asked every few days by choice; `budget`: due, but today's share is spent. */
  reason: 'plan' | 'budget'
  why: string
}

export interface SourceCallPlan {
  source: SourceId
  unit: 'requests' | 'jobs'
  /** What today's plan may spend, and what it does. */
  budgetToday: number
  cost: number
  calls: PlannedCall[]
  waiting: WaitingCombination[]
  /** Per day on average under this plan, and what everything on time would need. */
  perDay: number
  neededPerDay: number
  /** Spent by the reset if the plan holds. */
  projectedToReset: number
  /** Whether the budget covers every combination on time. */
  covered: boolean
  /** When it does not: what would cover it. */
  advice: string | null
}

/** A plan of calls for one source. */
export function planSource(
  now: Date,
  combinations: readonly PlannerCombination[],
  budget: SourceBudgetInput,
  settings: PlannerSettings,
): SourceCallPlan {
  const available = Math.max(0, budget.left - budget.reserve)
  const perDayAvailable = available / Math.max(1, budget.daysLeft)
  const choices = combinations.map((c) => ({ combination: c, ...choose(c, budget, settings) }))
  const neededPerDay = sum(choices.map((c) => c.costPerDay))

  // Short of budget: stretch the lowest priorities to a week (still one page or ten for two), until the
  // month fits; high priorities last.
  let perDay = neededPerDay
  if (perDay > perDayAvailable && budget.source === 'jsearch') {
    const order = [...choices].sort(
      (a, b) => a.combination.priority - b.combination.priority || b.costPerDay - a.costPerDay,
    )
    for (const choice of order) {
      if (perDay <= perDayAvailable) break
      const stretched = jsearchOption(choice.combination, STRETCH_DAYS, settings)
      if (stretched.costPerDay >= choice.costPerDay) continue
      perDay -= choice.costPerDay - stretched.costPerDay
      Object.assign(choice, stretched, {
        why: `the plan is short: stretched to every ${STRETCH_DAYS} days (${choice.why})`,
      })
    }
  }
  const covered = perDay <= perDayAvailable + 1e-9

  // Today: the due combinations, highest priority (then the longest waiting) first, within the budget.
  // A plan that covers the month may spend more than the average on a day when many fall due.
  // High priorities may use the reserve; a short plan spreads what is left over the days left (a
  // fraction of a request rounds up, so a quiet month still makes progress).
  // Active Jobs DB bills each job once whenever it is asked, so waiting saves nothing there: it spends
  // what is left, highest priorities first.
  const spread = !covered && budget.source === 'jsearch'
  const budgetToday = spread ? Math.min(available, Math.ceil(perDayAvailable - 1e-9)) : available
  const budgetHigh = spread
    ? Math.min(budget.left, Math.ceil(budget.left / budget.daysLeft - 1e-9))
    : budget.left
  const due = choices
    .map((c) => ({ ...c, age: age(c.combination, now) }))
    .sort(
      (a, b) =>
        b.combination.priority - a.combination.priority ||
        b.age / b.everyDays - a.age / a.everyDays ||
        a.combination.label.localeCompare(b.combination.label),
    )
  const calls: PlannedCall[] = []
  const waiting: WaitingCombination[] = []
  let cost = 0
  for (const c of due) {
    const { combination } = c
    // Active Jobs DB is asked at every load: it bills each job once, whenever it is asked. But when its
    // backfill has just covered a combination never loaded daily, the next load asks it (asking now
    // would bill the same day's jobs twice).
    const justBackfilled =
      budget.source === 'activejobs' &&
      !combination.loadedUntil &&
      !!combination.backfilledAt &&
      now.getTime() - combination.backfilledAt.getTime() < BACKFILL_COVERS_MS
    const isDue =
      settings.askAll === true ||
      (!justBackfilled &&
        (budget.source === 'activejobs' ||
          c.age === Infinity ||
          c.age >= c.everyDays - Math.min(DUE_SLACK_DAYS, c.everyDays / 4)))
    const promised = promisedDays(combination, settings)
    if (!isDue) {
      const dueAt = justBackfilled
        ? now.getTime() + DAY
        : (combination.loadedUntil?.getTime() ?? now.getTime()) + c.everyDays * DAY
      waiting.push({
        ...ids(combination),
        dueOn: new Date(dueAt).toISOString().slice(0, 10),
        daysLate: Math.max(0, Math.round(c.everyDays - promised)),
        reason: 'plan',
        why: justBackfilled ? 'its backfill has just covered these days' : c.why,
      })
      continue
    }
    const today = todayCall(c, budget, settings)
    const cap =
      combination.priority >= settings.highPriority ? Math.max(budgetHigh, budgetToday) : budgetToday
    if (cost + today.cost > cap + 1e-9) {
      waiting.push({
        ...ids(combination),
        dueOn: new Date(now.getTime() + DAY).toISOString().slice(0, 10),
        daysLate: Math.max(0, Math.round(c.age === Infinity ? 1 : c.age + 1 - promised)),
        reason: 'budget',
        why: `${SOURCE_NAMES[budget.source]} has ${Math.floor(budget.left)} ${budget.unit} left for ${budget.daysLeft} day${budget.daysLeft === 1 ? '' : 's'}: ${budget.unit === 'requests' ? 'today’s share is spent' : 'today’s share of jobs is spent'}, higher priorities went first`,
      })
      continue
    }
    cost += today.cost
    calls.push({ ...ids(combination), ...today, everyDays: c.everyDays, why: c.why })
  }
  const projectedToReset = Math.min(budget.left, perDay * budget.daysLeft)
  return {
    source: budget.source,
    unit: budget.unit,
    budgetToday: Math.floor(Math.max(budgetToday, calls.length ? cost : 0)),
    cost: round1(cost),
    calls,
    waiting,
    perDay: round1(perDay),
    neededPerDay: round1(neededPerDay),
    projectedToReset: Math.round(projectedToReset),
    covered,
    advice: covered ? null : adviceFor(budget, neededPerDay, perDayAvailable, choices, settings),
  }
}

interface Choice {
  everyDays: number
  costPerDay: number
  why: string
}

function choose(c: PlannerCombination, budget: SourceBudgetInput, settings: PlannerSettings): Choice {
  if (budget.source === 'activejobs') {
    const perDay = c.perDay ?? budget.averagePerDay
    return {
      everyDays: 1 / settings.loadsPerDay,
      costPerDay: perDay,
      why: 'every load: each job is billed once whenever it is asked, and searches share one call',
    }
  }
  const everyLoad = 1 / Math.max(1, settings.loadsPerDay)
  if (c.perDay === null)
    return { ...jsearchOption(c, everyLoad, settings), why: 'every load until its volume is known' }
  if (settings.maxDelayDays <= 0 || c.priority >= settings.highPriority) {
    const option = jsearchOption(c, everyLoad, settings)
    return {
      ...option,
      why:
        settings.maxDelayDays <= 0
          ? 'every day (the delay setting is 0)'
          : `every day: priority ${c.priority} (≥ ${settings.highPriority})`,
    }
  }
  // The interval with the most jobs per request, among those within the promised delay.
  let best = jsearchOption(c, 1, settings)
  for (let days = 2; days <= Math.max(1, settings.maxDelayDays); days++) {
    const option = jsearchOption(c, days, settings)
    if (option.costPerDay < best.costPerDay - 1e-9) best = option
  }
  return best
}

/** Asking every `days` days: the window that covers them, the pages its volume needs, the cost a day. */
function jsearchOption(c: PlannerCombination, days: number, settings: PlannerSettings): Choice {
  const windowDays = jsearchWindowDays(days)
  const pages = pagesFor(c, windowDays, settings)
  const expected = Math.round(volume(c) * windowDays)
  const jobs = `about ${expected} job${expected === 1 ? '' : 's'}`
  return {
    everyDays: days,
    costPerDay: jsearchBilledRequests(pages) / days,
    why:
      days <= 1
        ? `${pages} page${pages === 1 ? '' : 's'} a day (${jobs} a day)`
        : `every ${days} days, ${pages} page${pages === 1 ? '' : 's'} (${jobs} in ${windowDays} days)`,
  }
}

function todayCall(
  c: Choice & { combination: PlannerCombination; age: number },
  budget: SourceBudgetInput,
  settings: PlannerSettings,
): { window: string; pages: number; cost: number } {
  const days = c.age === Infinity ? 1 : Math.max(1, c.age)
  if (budget.source === 'activejobs') {
    const perDay = c.combination.perDay ?? budget.averagePerDay
    return {
      window: days <= 1.05 ? '24h' : '7d',
      pages: settings.maxPages,
      cost: perDay * Math.min(days, 7),
    }
  }
  const windowDays = jsearchWindowDays(Math.min(days, 30))
  const pages = pagesFor(c.combination, windowDays, settings)
  return { window: jsearchWindowName(windowDays), pages, cost: jsearchBilledRequests(pages) }
}

function jsearchWindowName(windowDays: number): string {
  return { 1: 'today', 3: '3days', 7: 'week', 30: 'month' }[windowDays] ?? 'month'
}

/**
 * One page when the window's expected volume fits in it; otherwise ten, which JSearch bills the same as
 * two. A truncated last answer means more is there than was seen.
 */
function pagesFor(c: PlannerCombination, windowDays: number, settings: PlannerSettings): number {
  const mean = volume(c) * windowDays
  // A day's window: one page (what a daily search has always asked) unless ten pages, billed as two,
  // reach more jobs per request — a day of more than two pages' worth. A longer window is sized with room
  // to spare, so it reaches every job the daily one-page search would have reached on those days.
  const fits = windowDays <= 1 ? mean <= 2 * PAGE : mean + SIGMAS * Math.sqrt(mean) <= PAGE
  const pages = fits ? 1 : 10
  return Math.max(1, Math.min(settings.maxPages, pages))
}

function volume(c: PlannerCombination): number {
  const perDay = c.perDay ?? 0
  return c.truncated ? Math.max(perDay * 2, PAGE) : perDay
}

function age(c: PlannerCombination, now: Date): number {
  return c.loadedUntil ? Math.max(0, (now.getTime() - c.loadedUntil.getTime()) / DAY) : Infinity
}

function promisedDays(c: PlannerCombination, settings: PlannerSettings): number {
  return c.priority >= settings.highPriority || settings.maxDelayDays <= 0 ? 1 : settings.maxDelayDays
}

function adviceFor(
  budget: SourceBudgetInput,
  neededPerDay: number,
  perDayAvailable: number,
  choices: Array<Choice & { combination: PlannerCombination }>,
  settings: PlannerSettings,
): string {
  const name = SOURCE_NAMES[budget.source]
  const monthly = Math.ceil((neededPerDay * 30) / 10) * 10
  // The lowest priority threshold whose combinations alone fit.
  let threshold: number | null = null
  for (let p = 1; p <= 10; p++) {
    const need = sum(choices.filter((c) => c.combination.priority >= p).map((c) => c.costPerDay))
    if (need <= perDayAvailable) {
      threshold = p
      break
    }
  }
  const delay =
    budget.source === 'jsearch' && settings.maxDelayDays < STRETCH_DAYS
      ? ', or allowing a longer delay for lower priorities'
      : ''
  return `On time, everything needs about ${Math.round(neededPerDay * 10) / 10} ${budget.unit} a day; ${name} has ${Math.round(perDayAvailable * 10) / 10} a day left. A plan of about ${monthly.toLocaleString('en')} ${budget.unit} a month${threshold !== null ? `, or loading only rows with priority ${threshold} or more` : ''}${delay}, would cover it.`
}

const ids = (c: PlannerCombination) => ({
  titleKey: c.titleKey,
  locationKey: c.locationKey,
  label: c.label,
  priority: c.priority,
})
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
const round1 = (n: number) => Math.round(n * 10) / 10
