import { SOURCES } from '../../../../shared/domain'
import { PLAN_LIMITS_SETTING, planLimitsSchema } from '../../daily/daily-load'
import { analyseQuota, DEFAULT_PLAN_LIMITS } from '../../daily/quota-analysis'
import { quotaStatus } from '../../quota/ledger'
import { getSetting } from '../../repos/settings-repo'
import { dailyUsage } from '../../repos/usage-repo'
import { type AppContext, enabledSourceIds } from '../context'
import type { HandlerGroup } from './types'

export function quotaHandlers(ctx: AppContext): HandlerGroup<'quota/get-summary'> {
  const { db } = ctx.handle
  return {
    'quota/get-summary': async () => {
      const enabled = enabledSourceIds(ctx)
      const limits = await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {})
      const sources = await Promise.all(
        SOURCES.map(async (source) => {
          const plan = limits[source] ?? DEFAULT_PLAN_LIMITS[source]
          const [status, analysis] = await Promise.all([
            quotaStatus(db, source, ctx.clock),
            analyseQuota(db, source, 0, plan, ctx.clock),
          ])
          return {
            source,
            enabled: enabled.includes(source),
            unit: analysis.unit,
            limit: analysis.limit,
            used: analysis.usedThisPeriod,
            remaining: analysis.remaining,
            periodStart: status.periodStart,
            resetAt: analysis.resetAt,
            projectedMonthly: analysis.projectedMonthly,
            verdict: analysis.verdict,
            daily: await dailyUsage(db, source, status.periodStart),
          }
        }),
      )
      const since = sources.map((s) => s.periodStart).sort()[0]!
      const runs = await db
        .selectFrom('runs')
        .select('report_json')
        .where('kind', '=', 'daily')
        .where('started_at', '>=', since)
        .where('report_json', 'is not', null)
        .execute()
      const callsSavedBySharing = runs.reduce((sum, run) => {
        try {
          const saved = Number(JSON.parse(run.report_json!).callsSavedBySharing)
          return sum + (Number.isFinite(saved) ? saved : 0)
        } catch {
          return sum
        }
      }, 0)
      return { sources, callsSavedBySharing }
    },
  }
}
