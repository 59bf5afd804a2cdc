import type { SourceQuotaAnalysis } from '../../../shared/daily-report'
import type { SourceQuota } from './model'

export type { SourceQuotaAnalysis } from '../../../shared/daily-report'
export { DEFAULT_PLAN_LIMITS, type PlanLimits } from './plan-limits'

/** The quota model's figures of one source as a daily report records them, with this run's use. */
export function analysisOf(quota: Omit<SourceQuota, 'inputs'>, usedThisRun: number): SourceQuotaAnalysis {
  return {
    source: quota.source,
    unit: quota.unit,
    usedThisRun,
    usedThisPeriod: quota.used,
    limit: quota.limit,
    remaining: quota.left,
    resetAt: quota.resetAt,
    periodStart: quota.periodStart,
    projectedMonthly: quota.projected,
    verdict: quota.verdictText,
    limitFrom: quota.limitFrom,
    needed: quota.needed,
    notes: quota.notes,
  }
}
