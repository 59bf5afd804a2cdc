import type { StatusSummary } from '../../shared/contract/system'
import { SOURCES, type SourceId } from '../../shared/domain'
import type { Clock } from './clock'
import type { DbHandle } from './db/open'
import { quotaStatus } from './quota/ledger'
import { quotaFigures } from './quota/model'
import { PLAN_LIMITS_SETTING, planLimitsSchema } from './quota/plan-limits'
import { listTracking } from './repos/backfill-repo'
import { activeCombinations } from './repos/queries-repo'
import { closeInterruptedRuns, listRuns } from './repos/runs-repo'
import { getSetting } from './repos/settings-repo'
import { nextSlotOf, parseTimes } from './scheduler/slots'

export interface SummaryContext {
  handle: DbHandle
  clock: Clock
  /** Switched on with a key. */
  enabled: readonly SourceId[]
  /** A key is set, switched on or not. */
  hasKey: Readonly<Record<SourceId, boolean>>
  /** The schedule in effect. */
  schedule: { time: string; timezone: string }
}

/** The combinations and their backfill, the last runs, the next run and the quota: `job-monitor status`. */
export async function statusSummary(ctx: SummaryContext): Promise<StatusSummary> {
  const { handle, clock } = ctx
  const { db } = handle
  // A run whose process died shows as interrupted, not as running for days (when the file can be written).
  if (!handle.readOnly) await closeInterruptedRuns(db, clock)
  const [combos, tracking, runs, limits] = await Promise.all([
    activeCombinations(db),
    listTracking(db),
    listRuns(db, 10),
    getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {}),
  ])
  const next = nextSlotOf(clock(), parseTimes(ctx.schedule.time), ctx.schedule.timezone)
  return {
    database: { dialect: handle.dialect, location: handle.location },
    combinations: combos.map((c) => ({
      title: c.titleKeyword,
      location: c.location,
      rows: c.rows,
      backfill: Object.fromEntries(
        tracking
          .filter((t) => t.title_key === c.titleKey && t.location_key === c.locationKey)
          .map((t) => [
            t.source,
            {
              status: t.status,
              jobsFound: Number(t.jobs_found),
              backfilledAt: t.backfilled_date,
              error: t.last_error,
            },
          ]),
      ),
    })),
    runs: runs.map((r) => ({
      id: r.id,
      kind: r.kind,
      trigger: r.trigger,
      status: r.status,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      jobsFetched: Number(r.jobs_fetched),
      jobsNew: Number(r.jobs_new),
      error: r.error,
    })),
    nextRun: { at: next.at.toISOString(), slot: next.key },
    quota: await Promise.all(
      SOURCES.map(async (source) => {
        const [q, f] = await Promise.all([
          quotaStatus(db, source, clock),
          quotaFigures(db, source, clock, limits[source]),
        ])
        return {
          source,
          enabled: ctx.enabled.includes(source),
          hasKey: ctx.hasKey[source],
          periodStart: q.periodStart,
          resetAt: q.resetAt,
          requests: { used: q.requests.used, limit: q.requests.limit, remaining: q.requests.remaining },
          jobs: { used: q.jobs.used, limit: q.jobs.limit, remaining: q.jobs.remaining },
          unit: f.unit,
          limit: f.limit,
          limitFrom: f.limitFrom,
          used: f.used,
          left: f.left,
          otherUse: f.otherUse,
          periodEnd: f.periodEnd,
        }
      }),
    ),
    schedule: { time: ctx.schedule.time, timezone: ctx.schedule.timezone },
  }
}
