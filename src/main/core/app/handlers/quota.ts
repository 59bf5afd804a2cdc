import { z } from 'zod'
import type { CallPlan, QuotaSummary } from '../../../../shared/contract/quota'
import { SOURCES, type SourceId } from '../../../../shared/domain'
import { UserError } from '../../errors'
import { quotaModel } from '../../quota/model'
import type { SourceCallPlan } from '../../quota/planner'
import { whatIf } from '../../quota/what-if'
import { dailyUsage } from '../../repos/usage-repo'
import { parseTimes } from '../../scheduler/slots'
import { type AppContext, enabledSourceIds } from '../app-context'
import type { HandlerGroup } from './types'

export function quotaHandlers(
  ctx: AppContext,
): HandlerGroup<'quota/get-summary' | 'quota/what-if' | 'quota/plan-calls'> {
  const { db } = ctx.handle
  const loadsPerDay = async () => parseTimes((await ctx.schedule.time()).time).length
  return {
    'quota/what-if': (change) =>
      whatIf(db, change, { clock: ctx.clock, sources: enabledSourceIds(ctx), config: ctx.config }),

    'quota/plan-calls': async ({ date }) => {
      const clock = date ? clockOn(date, ctx.clock) : ctx.clock
      const model = await quotaModel(db, {
        clock,
        sources: enabledSourceIds(ctx),
        loadsPerDay: await loadsPerDay(),
      })
      return {
        date: clock().toISOString().slice(0, 10),
        sources: model.sources.map((q) => callPlanOf(q.plan)),
      }
    },

    'quota/get-summary': async () => {
      const enabled = enabledSourceIds(ctx)
      const model = await quotaModel(db, {
        clock: ctx.clock,
        sources: enabled,
        loadsPerDay: await loadsPerDay(),
      })
      const sources = await Promise.all(
        model.sources.map(async (q) => ({
          source: q.source,
          enabled: enabled.includes(q.source),
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
          plan: callPlanOf(q.plan),
          daily: await dailyUsage(db, q.source, q.periodStart),
        })),
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
      const perDay = new Map<string, QuotaSummary['savings'][number]>()
      for (const run of runs) {
        for (const saved of savingsOf(run.report_json!)) {
          const id = `${run.started_at.slice(0, 10)}|${saved.source}`
          const day = perDay.get(id) ?? {
            date: run.started_at.slice(0, 10),
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
    },
  }
}

/** The plan as the screens see it (no keys, no dates as objects). */
export function callPlanOf(plan: SourceCallPlan): CallPlan {
  return {
    ...plan,
    calls: plan.calls.map(({ titleKey: _t, locationKey: _l, ...call }) => call),
    waiting: plan.waiting.map(({ titleKey: _t, locationKey: _l, ...wait }) => wait),
  }
}

/** A clock standing on another day at the current time of day: "what would that day's load ask?" */
export function clockOn(date: string, clock: () => Date): () => Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new UserError(`--date "${date}": use a date such as 2026-12-03.`, 'quota.bad-date')
  const day = new Date(`${date}T00:00:00Z`)
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date)
    throw new UserError(`--date "${date}" is not a day of the calendar.`, 'quota.bad-date')
  const now = clock()
  const at = new Date(`${date}T${now.toISOString().slice(11)}`)
  return () => at
}

const reportSchema = z.object({
  totalQueryRows: z.number().catch(0),
  uniqueCombinations: z.number().catch(0),
  sources: z
    .array(
      z.object({
        source: z.enum(SOURCES),
        combinations: z.number().catch(0),
        calls: z.number().catch(0),
        billedRequests: z.number().catch(0),
        skipped: z.array(z.unknown()).catch([]),
        waiting: z.array(z.unknown()).optional().catch([]),
      }),
    )
    .catch([]),
})

/**
 * What one daily load saved, per source: by sharing (one call per distinct combination, not per row), by
 * batching (Active Jobs DB asks many combinations in one call), and the requests the earlier service's
 * strategy — one call per distinct combination and source, every load — would have billed for it.
 */
function savingsOf(reportJson: string): Array<{
  source: SourceId
  bySharing: number
  byBatching: number
  earlierRequests: number
  requests: number
}> {
  try {
    const report = reportSchema.parse(JSON.parse(reportJson))
    return report.sources.map((s) => ({
      source: s.source,
      bySharing: Math.max(0, report.totalQueryRows - report.uniqueCombinations),
      byBatching: s.source === 'activejobs' ? Math.max(0, s.combinations - s.calls) : 0,
      earlierRequests: report.uniqueCombinations,
      requests: s.billedRequests,
    }))
  } catch {
    return []
  }
}
