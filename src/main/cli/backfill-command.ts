import { type BackfillEvent, type BackfillReport, runBackfill } from '../core/backfill/backfill'
import { systemClock } from '../core/clock'
import type { AppConfig } from '../core/config/config'
import type { DbHandle } from '../core/db/open'
import { UserError } from '../core/errors'
import { SOURCE_LABELS } from '../core/sources/source-error'
import { enabledSources, requireUserByEmail, sourcesForRuns, withDatabase } from './context'
import type { CliIo } from './io'

/** `job-monitor backfill [--email E]`: every combination not yet backfilled, in the foreground. */
export async function backfillCommand(
  config: AppConfig,
  options: { email?: string },
  io: CliIo,
): Promise<void> {
  await withDatabase(config, io, async (handle) => {
    let userId: number | undefined
    if (options.email) userId = (await requireUserByEmail(handle.db, options.email, 'backfill.no-user')).id
    failIfPartial(await backfillFor(config, handle, userId, 'cli', io))
  })
}

/** Runs the backfill and prints it; shared with `cv add`. Undefined when no source is enabled. */
export async function backfillFor(
  config: AppConfig,
  handle: DbHandle,
  userId: number | undefined,
  trigger: string,
  io: CliIo,
): Promise<BackfillReport | undefined> {
  const sourceIds = enabledSources(config)
  if (sourceIds.length === 0) {
    io.out('Backfill: no job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY.')
    return undefined
  }
  const report = await runBackfill({
    db: handle.db,
    clock: systemClock,
    userId,
    trigger,
    sourceIds,
    sourcesFor: await sourcesForRuns(config, handle),
    sourceDeadlineMs: config.sourceDeadlineSeconds * 1000,
    onEvent: (event) => printEvent(event, io),
  })
  if (report.outcomes.length === 0 && report.takenElsewhere === 0) {
    io.out('Backfill: nothing to fetch; every combination was already backfilled.')
    return report
  }
  const done = report.outcomes.filter((o) => o.status === 'done').length
  const failed = report.outcomes.length - done
  io.out(
    `Backfill: ${done} of ${report.outcomes.length} done${failed ? `, ${failed} failed (the next backfill or daily run retries them)` : ''}` +
      `${report.takenElsewhere ? `, ${report.takenElsewhere} being fetched by another process` : ''}; ` +
      `${report.jobsFetched} jobs fetched, ${report.jobsNew} new; ${report.billedRequests} requests and ${report.billedJobs} jobs billed.`,
  )
  return report
}

/** A backfill that left combinations failed ends the command non-zero, after its report is printed. */
export function failIfPartial(report: BackfillReport | undefined): void {
  const failed = report?.outcomes.filter((o) => o.status === 'failed').length ?? 0
  if (failed > 0) {
    throw new UserError(
      `${failed} of ${report!.outcomes.length} backfills failed (reasons above); run "job-monitor backfill" again later to retry them.`,
      'backfill.partial',
    )
  }
}

function printEvent(event: BackfillEvent, io: CliIo): void {
  const label = (e: {
    source: keyof typeof SOURCE_LABELS
    combination: { title: string; location: string }
  }) => `${e.combination.title} × ${e.combination.location} — ${SOURCE_LABELS[e.source]}`
  if (event.type === 'combination-finished') io.out(`  ✓ ${label(event)}: ${event.jobsFound} jobs`)
  if (event.type === 'combination-failed') io.out(`  ✗ ${label(event)}: ${event.error}`)
  if (event.type === 'notice') io.out(`  … ${event.message}`)
}
