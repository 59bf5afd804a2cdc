import type { Kysely } from 'kysely'
import type { CallPlan, QuotaSummary } from '../../../shared/contract/quota'
import { readDailyReport } from '../../../shared/daily-report'
import type { SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { dailyReportsSince } from '../repos/runs-repo'
import { dailyUsage } from '../repos/usage-repo'
import type { ActiveJobsTerms } from './backfill-cost'
import type { SourceQuota } from './model'
import { periodModel } from './period'
import type { SourceCallPlan } from './planner'

export interface SummaryOptions {
  clock: Clock
  /** The sources switched on with a key. */
  enabled: readonly SourceId[]
  /** The sources that have a key (switched on or not). */
  withKey?: readonly SourceId[]
  loadsPerDay: number
  activeJobs: ActiveJobsTerms
}

const modelOf = (db: Kysely<Database>, options: SummaryOptions) =>
  periodModel(db, {
    clock: options.clock,
    sources: options.enabled,
    loadsPerDay: options.loadsPerDay,
    activeJobs: options.activeJobs,
  })

/** The plan as the screens see it (no keys, no dates as objects). */
export function callPlanOf(plan: SourceCallPlan): CallPlan {
  return {
    ...plan,
    calls: plan.calls.map(({ titleKey: _t, locationKey: _l, ...call }) => call),
    waiting: plan.waiting.map(({ titleKey: _t, locationKey: _l, ...wait }) => wait),
  }
}

/** One source's figures this period, as the Quota cards and `job-monitor quota` show them. */
export function periodOf(q: SourceQuota, enabled: readonly SourceId[], withKey?: readonly SourceId[]) {
  const on = enabled.includes(q.source)
  return {
    source: q.source,
    enabled: on,
    off: on ? null : withKey?.includes(q.source) ? ('switched off' as const) : ('no key' as const),
    unit: q.unit,
    limit: q.limit,
    limitFrom: q.limitFrom,
    used: q.used,
    remaining: q.left,
    leftFrom: q.leftFrom,
    otherUse: q.otherUse,
    reserve: q.reserve,
    periodStart: q.periodStart,
    resetAt: q.resetAt,
    periodEnd: q.periodEnd,
    daysLeft: q.daysLeft,
    projectedMonthly: q.projected,
    needed: q.needed,
    verdictKind: q.verdict,
    verdict: q.verdictText,
    notes: q.notes,
  }
}

/** Today's (or another day's) plan of calls per source, with the period it spends from. */
export async function plansOfCalls(db: Kysely<Database>, options: SummaryOptions) {
  const model = await modelOf(db, options)
  return {
    date: options.clock().toISOString().slice(0, 10),
    sources: model.sources.map((q) => ({
      ...callPlanOf(q.plan),
      enabled: options.enabled.includes(q.source),
      limit: q.limit,
      limitFrom: q.limitFrom,
      used: q.used,
      left: q.left,
      reserve: q.reserve,
      daysLeft: q.daysLeft,
      periodEnd: q.periodEnd,
      projected: q.projected,
      verdict: q.verdictText,
    })),
  }
}

/** This period's figures per source, as `periodOf` gives them. */
export async function periodFigures(db: Kysely<Database>, options: SummaryOptions) {
  const model = await modelOf(db, options)
  return model.sources.map((q) => periodOf(q, options.enabled, options.withKey))
}

/**
 * The Quota screen: per source the period's figures, the plan of calls and the day-by-day use; and what
 * the daily loads of the period saved against the earlier service's strategy.
 */
export async function quotaSummary(
  db: Kysely<Database>,
  options: SummaryOptions,
): Promise<Omit<QuotaSummary, 'claude'>> {
  const model = await modelOf(db, options)
  const sources = await Promise.all(
    model.sources.map(async (q) => ({
      ...periodOf(q, options.enabled, options.withKey),
      plan: callPlanOf(q.plan),
      daily: await dailyUsage(db, q.source, q.periodStart),
    })),
  )
  const since = sources.map((s) => s.periodStart).sort()[0]!
  const perDay = new Map<string, QuotaSummary['savings'][number]>()
  for (const run of await dailyReportsSince(db, since)) {
    const date = run.started_at.slice(0, 10)
    for (const saved of savingsOf(run.report_json)) {
      const id = `${date}|${saved.source}`
      const day = perDay.get(id) ?? {
        date,
        source: saved.source,
        bySharing: 0,
        byBatching: 0,
        earlierRequests: 0,
        requests: 0,
      }
      day.bySharing += saved.bySharing
      day.byBatching += saved.byBatching
      day.earlierRequests += saved.earlierRequests
      day.requests += saved.requests
      perDay.set(id, day)
    }
  }
  const savings = [...perDay.values()]
  return {
    sources,
    callsSavedBySharing: savings.reduce((n, d) => n + d.bySharing, 0),
    callsSavedByBatching: savings.reduce((n, d) => n + d.byBatching, 0),
    requestsVsEarlier: {
      ours: savings.reduce((n, d) => n + d.requests, 0),
      earlier: savings.reduce((n, d) => n + d.earlierRequests, 0),
    },
    savings,
  }
}

/**
 * What one daily load saved, per source: by sharing (one call per distinct combination, not per row), by
 * batching (Active Jobs DB asks many combinations in one call), and the requests the earlier service's
 * strategy — one call per distinct combination and source, every load — would have billed for it.
 */
function savingsOf(reportJson: string) {
  const report = readDailyReport(reportJson)
  if (!report) return []
  return report.sources.map((s) => ({
    source: s.source,
    bySharing: Math.max(0, report.totalQueryRows - report.uniqueCombinations),
    byBatching: s.source === 'activejobs' ? Math.max(0, s.combinations - s.calls) : 0,
    earlierRequests: report.uniqueCombinations,
    requests: s.billedRequests,
  }))
}
