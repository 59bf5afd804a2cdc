import { systemClock } from '../core/clock'
import type { AppConfig } from '../core/config/config'
import { SOURCES, type SourceId } from '../core/db/schema'
import { quotaStatus } from '../core/quota/ledger'
import { quotaFigures } from '../core/quota/model'
import { PLAN_LIMITS_SETTING, planLimitsSchema } from '../core/quota/plan-limits'
import { listTracking } from '../core/repos/backfill-repo'
import { activeCombinations } from '../core/repos/queries-repo'
import { closeInterruptedRuns, listRuns } from '../core/repos/runs-repo'
import { getSetting } from '../core/repos/settings-repo'
import { scheduleInEffect } from '../core/scheduler/schedule-setting'
import { nextSlotOf, parseTimes } from '../core/scheduler/slots'
import { SOURCE_LABELS } from '../core/sources/source-error'
import { enabledSources, withDatabase } from './context'
import type { CliIo } from './io'

/** The stable `--json` shape of `job-monitor status` (documented in docs/cli.md). */
export interface StatusJson {
  database: { dialect: string; location: string }
  combinations: Array<{
    title: string
    location: string
    rows: number
    backfill: Record<
      string,
      { status: string; jobsFound: number; backfilledAt: string | null; error: string | null }
    >
  }>
  runs: Array<{
    id: number
    kind: string
    trigger: string
    status: string
    startedAt: string
    finishedAt: string | null
    jobsFetched: number
    jobsNew: number
    error: string | null
  }>
  nextRun: { at: string; slot: string }
  quota: Array<{
    source: string
    enabled: boolean
    periodStart: string
    resetAt: string | null
    requests: { used: number; limit: number | null; remaining: number | null }
    jobs: { used: number; limit: number | null; remaining: number | null }
  }>
}

/** `job-monitor status [--json]`: combinations and their backfill, the last runs, the next run, quota. */
export async function statusCommand(
  config: AppConfig,
  options: { json?: boolean },
  io: CliIo,
): Promise<void> {
  await withDatabase(
    config,
    io,
    async (handle) => {
      const clock = systemClock
      // A run whose process died shows as interrupted, not as running for days (when the file can be written).
      if (!handle.readOnly) await closeInterruptedRuns(handle.db, clock)
      const [combos, tracking, runs] = await Promise.all([
        activeCombinations(handle.db),
        listTracking(handle.db),
        listRuns(handle.db, 10),
      ])
      const enabled = new Set(enabledSources(config))
      // The schedule in effect: the environment's, else the one saved in the database (as the app uses).
      const schedule = await scheduleInEffect(handle.db, config)
      const next = nextSlotOf(clock(), parseTimes(schedule.time), schedule.timezone)
      const status: StatusJson = {
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
                  jobsFound: t.jobs_found,
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
          jobsFetched: r.jobs_fetched,
          jobsNew: r.jobs_new,
          error: r.error,
        })),
        nextRun: { at: next.at.toISOString(), slot: next.key },
        quota: await Promise.all(
          SOURCES.map(async (source) => {
            const q = await quotaStatus(handle.db, source, clock)
            return {
              source,
              enabled: enabled.has(source),
              periodStart: q.periodStart,
              resetAt: q.resetAt,
              requests: { used: q.requests.used, limit: q.requests.limit, remaining: q.requests.remaining },
              jobs: { used: q.jobs.used, limit: q.jobs.limit, remaining: q.jobs.remaining },
            }
          }),
        ),
      }
      if (options.json) {
        io.out(JSON.stringify(status, null, 2))
        return
      }
      io.out(`Database: ${status.database.location} (${status.database.dialect})`)
      io.out(`Combinations: ${status.combinations.length}`)
      for (const c of status.combinations) {
        const states = SOURCES.map((s) => {
          const b = c.backfill[s]
          return `${SOURCE_LABELS[s]} ${b ? (b.status === 'done' ? `done (${b.jobsFound} jobs)` : b.status) : 'not yet'}`
        })
        io.out(
          `  ${`${c.title} × ${c.location}`.padEnd(40)} ${String(c.rows).padStart(2)} row${c.rows === 1 ? ' ' : 's'}  ${states.join(', ')}`,
        )
      }
      io.out(`Last runs: ${status.runs.length ? '' : 'none yet'}`)
      for (const r of status.runs) {
        io.out(
          `  #${r.id} ${r.kind} (${r.trigger}) ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC: ${r.status}, ${r.jobsFetched} fetched, ${r.jobsNew} new${r.error ? ` — ${r.error}` : ''}`,
        )
      }
      io.out(
        `Next daily run: ${next.at.toISOString().slice(0, 16).replace('T', ' ')} UTC (${schedule.time} ${schedule.timezone})`,
      )
      io.out('Quota this period:')
      const limits = await getSetting(handle.db, PLAN_LIMITS_SETTING, planLimitsSchema, {})
      for (const q of status.quota) {
        const source = q.source as SourceId
        const f = await quotaFigures(handle.db, source, clock, limits[source])
        io.out(
          `  ${SOURCE_LABELS[source]}${q.enabled ? '' : (source === 'jsearch' ? config.jsearchApiKey : config.activeJobsApiKey) ? ' (switched off)' : ' (off: no key)'}: ${f.used} ${f.unit} used of ${f.limit}` +
            `${f.limitFrom === 'gateway' ? '' : ` (${f.limitFrom === 'settings' ? 'from Settings' : 'default plan'})`}, ${f.left} left${f.otherUse !== null ? ` (the gateway also counts ${f.otherUse} from other machines on the key)` : ''}, resets ${f.periodEnd.slice(0, 10)}`,
        )
      }
    },
    { readOnly: true },
  )
}
