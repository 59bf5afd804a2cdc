import type { Kysely } from 'kysely'
import type { SourceQuotaAnalysis } from '../../../shared/daily-report'
import type { Clock } from '../clock'
import type { Database, SourceId } from '../db/schema'
import { quotaStatus } from '../quota/ledger'
import { usageSince } from '../repos/usage-repo'

/** The plan a source is on, as far as we know it; the gateway's headers win when a call has reported them. */
export interface PlanLimits {
  /** What the source bills that runs out first: JSearch requests, Active Jobs DB jobs. */
  unit: 'requests' | 'jobs'
  monthlyLimit: number
}

export const DEFAULT_PLAN_LIMITS: Record<SourceId, PlanLimits> = {
  jsearch: { unit: 'requests', monthlyLimit: 200 }, // BASIC, the free plan
  activejobs: { unit: 'jobs', monthlyLimit: 20_000 }, // Ultra
}

export type { SourceQuotaAnalysis } from '../../../shared/daily-report'

/**
 * Used this run and this period against the plan, the month projected from the last 7 days, and a verdict:
 * comfortable (≤ 80% of the plan), tight (≤ 100%), or the day it will run out.
 */
export async function analyseQuota(
  db: Kysely<Database>,
  source: SourceId,
  usedThisRun: number,
  plan: PlanLimits,
  clock: Clock,
): Promise<SourceQuotaAnalysis> {
  const status = await quotaStatus(db, source, clock)
  const counter = plan.unit === 'jobs' ? status.jobs : status.requests
  const limit = counter.limit ?? plan.monthlyLimit
  const remaining = counter.remaining ?? Math.max(0, limit - counter.used)
  const now = clock()
  const week = await usageSince(db, source, new Date(now.getTime() - 7 * 86_400_000).toISOString())
  const perDay = (plan.unit === 'jobs' ? week.billedJobs : week.billedRequests) / 7
  const projectedMonthly = Math.round(perDay * 30)
  const share = limit > 0 ? projectedMonthly / limit : 0
  let verdict: string
  if (share <= 0.8) verdict = `comfortable (${Math.round(share * 100)}% of the plan)`
  else if (share <= 1) verdict = `tight (${Math.round(share * 100)}% of the plan)`
  else {
    const runsOut = new Date(now.getTime() + (perDay > 0 ? remaining / perDay : 0) * 86_400_000)
    verdict = `will run out on ${runsOut.toISOString().slice(0, 10)} at this rate`
  }
  return {
    source,
    unit: plan.unit,
    usedThisRun,
    usedThisPeriod: counter.used,
    limit,
    remaining,
    resetAt: status.resetAt,
    periodStart: status.periodStart,
    projectedMonthly,
    verdict,
  }
}
