import type { BackfillRunReport } from '../../../../shared/contract/runs'
import { BACKFILL_STATUSES } from '../../../../shared/domain'
import { deliveriesOfRuns } from '../../alerts/settings'
import type { BackfillReport } from '../../backfill/backfill'
import { UserError } from '../../errors'
import { combinationsNeedingBackfill, listTracking } from '../../repos/backfill-repo'
import { closeInterruptedRuns, listRuns } from '../../repos/runs-repo'
import { type AppContext, enabledSourceIds, noSourcesMessage, personFor } from '../app-context'
import { toRun } from '../mappers'
import type { HandlerGroup } from './types'

type RunMethod =
  | 'backfill/get-status'
  | 'backfill/retry'
  | 'backfill/run'
  | 'daily/run-once'
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
        throw new UserError(noSourcesMessage(ctx, 'retry'), 'backfill.no-sources')
      }
      const waiting = await combinationsNeedingBackfill(db, sources)
      if (waiting.length > 0) void ctx.backfill.request('retry')
      return { combinations: waiting.length }
    },

    'backfill/run': async ({ email, trigger }) => {
      const person = email ? await personFor(ctx, email, 'backfill.no-user') : undefined
      if (enabledSourceIds(ctx).length === 0) return backfillRunReport(undefined)
      return backfillRunReport(await ctx.backfill.run(trigger, person?.id))
    },

    'daily/run-once': async ({ trigger }) => {
      // One load at a time in this app: wait for the one running, then run this one.
      await ctx.daily.idle()
      return ctx.daily.start(trigger).done
    },

    'daily/run-now': async () => {
      const { started, message } = ctx.daily.start('manual')
      return { started, message }
    },

    'runs/list': async ({ limit, kind }) => {
      // A run whose process died shows as interrupted, not as running for days.
      await closeInterruptedRuns(db, ctx.clock)
      const rows = await listRuns(db, limit, kind)
      const alerts = await deliveriesOfRuns(
        db,
        rows.map((r) => r.id),
      )
      return { runs: rows.map((row) => toRun(row, alerts.get(row.id))) }
    },

    'schedule/get': () => ctx.schedule.state(),
    'schedule/pause': () => ctx.schedule.pause(),
    'schedule/resume': () => ctx.schedule.resume(),
  }
}

/** A backfill's report as the contract carries it; undefined: no source was enabled, nothing was asked. */
function backfillRunReport(report: BackfillReport | undefined): BackfillRunReport {
  return {
    noSources: report === undefined,
    outcomes: (report?.outcomes ?? []).map((o) => ({
      source: o.source,
      title: o.combination.title,
      location: o.combination.location,
      status: o.status,
      jobsFound: o.jobsFound,
      error: o.error ?? null,
    })),
    takenElsewhere: report?.takenElsewhere ?? 0,
    jobsFetched: report?.jobsFetched ?? 0,
    jobsNew: report?.jobsNew ?? 0,
    billedRequests: report?.billedRequests ?? 0,
    billedJobs: report?.billedJobs ?? 0,
  }
}
