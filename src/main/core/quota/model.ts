import type { Kysely } from 'kysely'
import { SOURCES, type SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { combinationsNeedingBackfill } from '../repos/backfill-repo'
import { type QuotaKnobs, readKnobs } from '../repos/knobs-repo'
import { type CallYield, dailyMarks, markId } from '../repos/marks-repo'
import { type ActiveCombination, activeCombinations } from '../repos/queries-repo'
import { getSetting } from '../repos/settings-repo'
import { jsearchBilledRequests } from '../sources/jsearch/jsearch-client'
import type { BackfillCost } from './backfill-cost'
import { quotaStatus } from './ledger'
import { DEFAULT_PLAN_LIMITS, PLAN_LIMITS_SETTING, type PlanLimits, planLimitsSchema } from './plan-limits'
import { type PlannerCombination, type PlannerSettings, planSource, type SourceCallPlan } from './planner'

/**
 * The one quota model every screen and command reads: per source and period, the plan's limit (the
 * gateway's newest headers win over the settings), what our ledger says was used, what is left (the
 * gateway's count, which includes other machines on the same key), the plan of calls until the reset,
 * the projection under it, and the verdict.
 */

const DAY = 86_400_000
/** Share of the plan kept back over a month for newcomers' backfills. */
const RESERVE_SHARE = 0.1

export interface QuotaFigures {
  source: SourceId
  unit: 'requests' | 'jobs'
  limit: number
  /** Where the limit comes from: the gateway's headers, the settings, or the default plan. */
  limitFrom: 'gateway' | 'settings' | 'default'
  /** Billed this period in the source's unit, by our ledger (this database's calls). */
  used: number
  usedRequests: number
  usedJobs: number
  /** Left until the reset: the gateway's count when a call has told us, else the limit less our use. */
  left: number
  leftFrom: 'gateway' | 'ledger'
  /** What the gateway counts beyond our ledger: other machines (or apps) on the same key. */
  otherUse: number | null
  periodStart: string
  /** The gateway's reset; without one, the period is taken to end with the calendar month. */
  resetAt: string | null
  periodEnd: string
  /** Days until the period ends, today included. */
  daysLeft: number
  /** Kept back for newcomers' backfills (and the backfill still owed). */
  reserve: number
}

export interface SourceQuota extends QuotaFigures {
  /** Spent by the reset if the plan of calls holds. */
  projected: number
  /** What every combination on time would spend by the reset. */
  needed: number
  verdict: 'comfortable' | 'tight' | 'short'
  /** One line: the verdict and why, with the figures it rests on. */
  verdictText: string
  /** Where the figures come from, when that is worth saying (other machines, limit from settings). */
  notes: string[]
  plan: SourceCallPlan
  /** What the plan was made from (not for the screens: it carries dates). */
  inputs: PlannerInput[]
}

export type PlannerInput = PlannerCombination

export interface QuotaModel {
  at: string
  sources: SourceQuota[]
}

export interface ModelOptions {
  clock: Clock
  /** Sources to plan (the enabled ones); the others get figures and an empty plan. */
  sources?: readonly SourceId[]
  /** Overrides for a what-if (nothing is saved). */
  knobs?: Partial<QuotaKnobs>
  minPriority?: number
  loadsPerDay?: number
  /** A load a person asked for: every combination, within the budget. */
  askAll?: boolean
  planLimits?: Partial<Record<SourceId, PlanLimits>>
  /** What the backfill still owed will cost by source, spent by the reset on top of the daily loads. */
  owedBackfill?: Partial<Record<SourceId, BackfillCost>>
}

/** The model for every source, with today's plan of calls. */
export async function quotaModel(db: Kysely<Database>, options: ModelOptions): Promise<QuotaModel> {
  const now = options.clock()
  const knobs = { ...(await readKnobs(db)), ...options.knobs }
  const limits = options.planLimits ?? (await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {}))
  const combos = await activeCombinations(db, options.minPriority ?? 0)
  const pending = await combinationsNeedingBackfill(db, SOURCES)
  const settings: PlannerSettings = {
    highPriority: knobs.highPriority,
    maxDelayDays: knobs.maxDelayDays,
    maxPages: knobs.dailyPages,
    loadsPerDay: options.loadsPerDay ?? 1,
    askAll: options.askAll,
  }
  const sources: SourceQuota[] = []
  for (const source of SOURCES) {
    const figures = await quotaFigures(db, source, options.clock, limits[source], {
      owedBackfills: pending.filter((p) => p.source === source).length,
      knobs,
    })
    const planned = !options.sources || options.sources.includes(source)
    const inputs = planned ? await plannerCombinations(db, source, combos, now, knobs) : []
    const plan = planSource(
      now,
      inputs,
      {
        source,
        unit: figures.unit,
        left: figures.left,
        daysLeft: figures.daysLeft,
        reserve: figures.reserve,
        averagePerDay: averageOf(inputs),
      },
      settings,
    )
    const owed = options.owedBackfill?.[source]
    sources.push({ ...withVerdict(figures, plan, owed ? owed[figures.unit] : 0), inputs })
  }
  return { at: now.toISOString(), sources }
}

/** Limit, use, what is left and the period of one source. */
export async function quotaFigures(
  db: Kysely<Database>,
  source: SourceId,
  clock: Clock,
  configured: PlanLimits | undefined,
  context: { owedBackfills?: number; knobs?: QuotaKnobs } = {},
): Promise<QuotaFigures> {
  const plan = configured ?? DEFAULT_PLAN_LIMITS[source]
  const status = await quotaStatus(db, source, clock)
  const counter = plan.unit === 'jobs' ? status.jobs : status.requests
  const limit = counter.limit ?? plan.monthlyLimit
  const limitFrom = counter.limit !== null ? 'gateway' : configured ? 'settings' : 'default'
  const used = counter.used
  const left = counter.remaining ?? Math.max(0, limit - used)
  // The gateway counts every call on the key; ours only this database's. A few in flight are not news.
  const gatewayUsed = counter.remaining !== null ? limit - counter.remaining : null
  const otherUse = gatewayUsed !== null && gatewayUsed - used > 2 ? gatewayUsed - used : null
  const now = clock()
  const periodEnd = status.resetAt
    ? new Date(status.resetAt)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
  const daysLeft = Math.max(1, Math.ceil((periodEnd.getTime() - now.getTime()) / DAY))
  const periodDays = Math.max(1, (periodEnd.getTime() - Date.parse(status.periodStart)) / DAY)
  const owed =
    (context.owedBackfills ?? 0) *
    (source === 'jsearch' ? jsearchBilledRequests(context.knobs?.backfillPages ?? 5) : 0)
  const reserve = Math.min(left, Math.ceil(limit * RESERVE_SHARE * Math.min(1, daysLeft / periodDays)) + owed)
  return {
    source,
    unit: plan.unit,
    limit,
    limitFrom,
    used,
    usedRequests: status.requests.used,
    usedJobs: status.jobs.used,
    left,
    leftFrom: counter.remaining !== null ? 'gateway' : 'ledger',
    otherUse,
    periodStart: status.periodStart,
    resetAt: status.resetAt,
    periodEnd: periodEnd.toISOString(),
    daysLeft,
    reserve,
  }
}

function withVerdict(
  f: QuotaFigures,
  plan: SourceCallPlan,
  owedBackfill: number,
): Omit<SourceQuota, 'inputs'> {
  const backfill = Math.round(owedBackfill)
  const needed = f.used + Math.round(plan.neededPerDay * f.daysLeft) + backfill
  const projected = f.used + plan.projectedToReset + backfill
  const spendable = Math.max(0, f.left - f.reserve)
  const share = spendable > 0 ? (plan.neededPerDay * f.daysLeft) / spendable : plan.neededPerDay > 0 ? 2 : 0
  // Over the plan by the reset is short whatever the daily plan of calls can stretch.
  const verdict =
    !plan.covered || share > 1 || projected > f.limit ? 'short' : share > 0.8 ? 'tight' : 'comfortable'
  const unit = f.unit
  const late = plan.waiting.filter((w) => w.daysLate > 0)
  const verdictText =
    verdict === 'short' && plan.covered && share <= 1
      ? `short: the backfill still owed (about ${fmt(backfill)} ${unit}) and the daily loads come to ${fmt(projected)} of the ${fmt(f.limit)} ${unit} by ${day(f.periodEnd)}; the backfill stops when the quota runs out`
      : verdict === 'short'
        ? `short: on time, everything needs about ${fmt(plan.neededPerDay * f.daysLeft)} ${unit} by ${day(f.periodEnd)}, and ${fmt(spendable)} can be spent; lower priorities wait${late.length ? ` (${late.length} late now)` : ''}`
        : `${verdict}: the plan of calls needs about ${fmt(plan.neededPerDay * f.daysLeft)} of the ${fmt(spendable)} ${unit} that can be spent by ${day(f.periodEnd)}`
  const notes: string[] = []
  if (f.limitFrom === 'gateway')
    notes.push(`The limit of ${fmt(f.limit)} ${unit} is what the gateway last reported.`)
  else
    notes.push(
      `No call has reported the plan yet: the limit of ${fmt(f.limit)} ${unit} comes from ${f.limitFrom === 'settings' ? 'Settings' : `the default (${f.source === 'jsearch' ? 'JSearch BASIC' : 'Active Jobs DB Ultra'})`}.`,
    )
  if (f.otherUse !== null)
    notes.push(
      `The gateway counts ${fmt(f.otherUse)} ${unit} more than this database recorded: other machines or apps use the same key. What is left is the gateway's count.`,
    )
  if (f.reserve > 0) notes.push(`${fmt(f.reserve)} ${unit} are kept back for newcomers' backfills.`)
  if (backfill > 0)
    notes.push(`The projection includes about ${fmt(backfill)} ${unit} for the backfill still owed.`)
  return { ...f, projected, needed, verdict, verdictText, notes, plan }
}

/** The planner's view of every combination for one source: when it was loaded, what it yields. */
export async function plannerCombinations(
  db: Kysely<Database>,
  source: SourceId,
  combos: readonly ActiveCombination[],
  now: Date,
  knobs: Pick<QuotaKnobs, 'backfillPages'>,
): Promise<PlannerInput[]> {
  if (combos.length === 0) return []
  const marks = await dailyMarks(db, source)
  const backfills = new Map(
    (
      await db
        .selectFrom('backfill_tracking')
        .select(['title_key', 'location_key', 'backfilled_date', 'jobs_found'])
        .where('source', '=', source)
        .where('status', '=', 'done')
        .execute()
    ).map((r) => [markId({ titleKey: r.title_key, locationKey: r.location_key }), r]),
  )
  const since = new Date(now.getTime() - 30 * DAY).toISOString()
  const matched = new Map(
    (
      await db
        .selectFrom('job_matches as m')
        .innerJoin('jobs as j', 'j.id', 'm.job_id')
        .select((eb) => [
          'm.title_key',
          'm.location_key',
          eb.fn.count<number | string>('m.job_id').distinct().as('jobs'),
          eb.fn.min('j.sort_at').as('oldest'),
        ])
        .where('m.source', '=', source)
        .where('j.sort_at', '>=', since)
        .where('j.sort_at', '<=', now.toISOString())
        .groupBy(['m.title_key', 'm.location_key'])
        .execute()
    ).map((r) => [
      markId({ titleKey: r.title_key, locationKey: r.location_key }),
      { jobs: Number(r.jobs), oldest: r.oldest },
    ]),
  )
  return combos.map((c) => {
    const id = markId(c)
    const mark = marks.get(id)
    const backfill = backfills.get(id)
    const seen = matched.get(id)
    const known = mark !== undefined || backfill !== undefined
    const span = seen?.oldest
      ? Math.min(30, Math.max(1, (now.getTime() - Date.parse(seen.oldest)) / DAY))
      : 30
    const fromMatches = seen ? seen.jobs / span : 0
    const last: CallYield | null = mark?.lastCall ?? null
    const fromLastCall = last && last.windowDays > 0 ? last.returned / last.windowDays : 0
    const truncated = last
      ? last.returned >= last.capacity
      : backfill !== undefined && source === 'jsearch' && backfill.jobs_found >= knobs.backfillPages * 10
    const loadedUntil =
      mark?.loadedUntil ?? (source === 'jsearch' ? (backfill?.backfilled_date ?? null) : null)
    return {
      titleKey: c.titleKey,
      locationKey: c.locationKey,
      label: `${c.titleKeyword} in ${c.location}`,
      priority: c.maxPriority,
      loadedUntil: loadedUntil ? new Date(loadedUntil) : null,
      perDay: known ? Math.max(fromMatches, fromLastCall) : null,
      truncated,
      backfilledAt: backfill?.backfilled_date ? new Date(backfill.backfilled_date) : null,
    }
  })
}

function averageOf(inputs: PlannerCombination[]): number {
  const known = inputs.map((c) => c.perDay).filter((v): v is number => v !== null)
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : 10
}

const fmt = (n: number) => Math.round(n).toLocaleString('en')
const day = (iso: string) => iso.slice(0, 10)
