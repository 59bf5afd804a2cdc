import { SOURCES } from '../../../../shared/domain'
import { clockOn } from '../../clock'
import { activeJobsTerms } from '../../quota/backfill-cost'
import { periodFigures, plansOfCalls, quotaSummary } from '../../quota/summary'
import { whatIf } from '../../quota/what-if'
import { opinionUsage } from '../../repos/opinion-repo'
import { parseTimes } from '../../scheduler/slots'
import { type AppContext, availableKey, currentUser, enabledSourceIds } from '../app-context'
import type { HandlerGroup } from './types'

export function quotaHandlers(
  ctx: AppContext,
): HandlerGroup<'quota/get-summary' | 'quota/what-if' | 'quota/plan-calls'> {
  const { db } = ctx.handle
  const options = async (clock = ctx.clock) => ({
    clock,
    enabled: enabledSourceIds(ctx),
    withKey: SOURCES.filter((s) => ctx.config.demo || availableKey(ctx, s) !== undefined),
    loadsPerDay: parseTimes((await ctx.schedule.time()).time).length,
    activeJobs: await activeJobsTerms(db, ctx.config, ctx.clock),
  })
  return {
    'quota/what-if': async (change) => ({
      ...(await whatIf(db, change, { clock: ctx.clock, sources: enabledSourceIds(ctx), config: ctx.config })),
      period: await periodFigures(db, await options()),
    }),
    'quota/plan-calls': async ({ date }) =>
      plansOfCalls(db, await options(date ? clockOn(date, ctx.clock) : ctx.clock)),
    'quota/get-summary': async () => {
      const summary = await quotaSummary(db, await options())
      const now = ctx.clock()
      const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString()
      const user = await currentUser(ctx)
      const used = user
        ? await opinionUsage(db, user.id, since)
        : { opinions: 0, inputTokens: 0, outputTokens: 0 }
      const { opinions } = ctx.local.get()
      return { ...summary, claude: { enabled: opinions.enabled, perDay: opinions.perDay, ...used, since } }
    },
  }
}
