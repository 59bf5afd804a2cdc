import { BACKFILL_STATUSES } from '../../../../shared/domain'
import { UserError } from '../../errors'
import { combinationsNeedingBackfill, listTracking } from '../../repos/backfill-repo'
import { closeInterruptedRuns, listRuns } from '../../repos/runs-repo'
import { type AppContext, enabledSourceIds } from '../app-context'
import { toRun } from '../mappers'
import type { HandlerGroup } from './types'

type RunMethod =
  | 'backfill/get-status'
  | 'backfill/retry'
  | 'daily/run-now'
  | 'runs/list'
  | 'schedule/get'
  | 'schedule/pause'
  | 'schedule/resume'

export function runHandlers(ctx: AppContext): HandlerGroup<RunMethod> {
  const { db } = ctx.handle
  return {
    'backfill/get-status': async () => {
      const rows = await listTracking(db)
      const counts = Object.fromEntries(BACKFILL_STATUSES.map((s) => [s, 0])) as Record<
        (typeof BACKFILL_STATUSES)[number],
        number
      >
      for (const row of rows) counts[row.status] += 1
      return {
        running: ctx.backfill.busy,
        counts,
        failed: rows
          .filter((r) => r.status === 'failed')
          .map((r) => ({
            source: r.source,
            title: r.title_keyword,
            location: r.location,
            error: r.last_error,
            attempts: Number(r.attempts),
          })),
      }
    },

    'backfill/retry': async () => {
      const sources = enabledSourceIds(ctx)
      if (sources.length === 0) {
        throw new UserError(
          'No job source is enabled: add a JSearch or Active Jobs DB key in Settings, then retry.',
          'backfill.no-sources',
        )
      }
      const waiting = await combinationsNeedingBackfill(db, sources)
      if (waiting.length > 0) void ctx.backfill.request('retry')
      return { combinations: waiting.length }
    },

    'daily/run-now': async () => {
      const { started, message } = ctx.daily.start('manual')
      return { started, message }
    },

    'runs/list': async ({ limit, kind }) => {
      // A run whose process died shows as interrupted, not as running for days.
      await closeInterruptedRuns(db, ctx.clock)
      return { runs: (await listRuns(db, limit, kind)).map(toRun) }
    },

    'schedule/get': () => ctx.schedule.state(),
    'schedule/pause': () => ctx.schedule.pause(),
    'schedule/resume': () => ctx.schedule.resume(),
  }
}
