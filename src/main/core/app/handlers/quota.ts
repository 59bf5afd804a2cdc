import { z } from 'zod'
import { SOURCES } from '../../../../shared/domain'
import { PLAN_LIMITS_SETTING, planLimitsSchema } from '../../daily/daily-load'
import { analyseQuota, DEFAULT_PLAN_LIMITS } from '../../daily/quota-analysis'
import { whatIf } from '../../quota/what-if'
import { getSetting } from '../../repos/settings-repo'
import { dailyUsage } from '../../repos/usage-repo'
import { type AppContext, enabledSourceIds } from '../context'
import type { HandlerGroup } from './types'

export function quotaHandlers(ctx: AppContext): HandlerGroup<'quota/get-summary' | 'quota/what-if'> {
  const { db } = ctx.handle
  return {
    'quota/what-if': (change) =>
      whatIf(db, change, { clock: ctx.clock, sources: enabledSourceIds(ctx), config: ctx.config }),

    'quota/get-summary': async () => {
      const enabled = enabledSourceIds(ctx)
      const limits = await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {})
      const sources = await Promise.all(
        SOURCES.map(async (source) => {
          const plan = limits[source] ?? DEFAULT_PLAN_LIMITS[source]
          const analysis = await analyseQuota(db, source, 0, plan, ctx.clock)
          return {
            source,
            enabled: enabled.includes(source),
            unit: analysis.unit,
            limit: analysis.limit,
            used: analysis.usedThisPeriod,
            remaining: analysis.remaining,
            periodStart: analysis.periodStart,
            resetAt: analysis.resetAt,
            projectedMonthly: analysis.projectedMonthly,
            verdict: analysis.verdict,
            daily: await dailyUsage(db, source, analysis.periodStart),
          }
        }),
      )
      const since = sources.map((s) => s.periodStart).sort()[0]!
      const runs = await db
        .selectFrom('runs')
        .select(['started_at', 'report_json'])
        .where('kind', '=', 'daily')
        .where('started_at', '>=', since)
        .where('report_json', 'is not', null)
        .orderBy('started_at')
        .execute()
      const perDay = new Map<string, { bySharing: number; byBatching: number }>()
      for (const run of runs) {
        const saved = savingsOf(run.report_json!)
        const day = perDay.get(run.started_at.slice(0, 10)) ?? { bySharing: 0, byBatching: 0 }
        day.bySharing += saved.bySharing
        day.byBatching += saved.byBatching
        perDay.set(run.started_at.slice(0, 10), day)
      }
      const savings = [...perDay].map(([date, day]) => ({ date, ...day }))
      return {
        sources,
        callsSavedBySharing: savings.reduce((n, d) => n + d.bySharing, 0),
        callsSavedByBatching: savings.reduce((n, d) => n + d.byBatching, 0),
        savings,
      }
    },
  }
}

const reportSchema = z.object({
  callsSavedBySharing: z.number().catch(0),
  sources: z
    .array(z.object({ source: z.string(), combinations: z.number().catch(0), calls: z.number().catch(0) }))
    .catch([]),
})

/** What one daily load's report says it saved: by sharing, and by batching combinations into one call. */
function savingsOf(reportJson: string): { bySharing: number; byBatching: number } {
  try {
    const report = reportSchema.parse(JSON.parse(reportJson))
    const byBatching = report.sources
      .filter((s) => s.source === 'activejobs')
      .reduce((n, s) => n + Math.max(0, s.combinations - s.calls), 0)
    return { bySharing: Math.max(0, Math.round(report.callsSavedBySharing)), byBatching }
  } catch {
    return { bySharing: 0, byBatching: 0 }
  }
}
