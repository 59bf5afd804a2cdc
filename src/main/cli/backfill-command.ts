import type { BackfillRunReport } from '../../shared/contract/runs'
import { SOURCE_NAMES } from '../../shared/domain'
import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { type CliApp, withApp } from './app-client'
import type { CliIo } from './io'

/** `job-monitor backfill [--email E]`: every combination not yet backfilled, in the foreground. */
export async function backfillCommand(
  config: AppConfig,
  options: { email?: string },
  io: CliIo,
): Promise<void> {
  await withApp(config, io, async (app) => {
    failIfPartial(await backfillFor(app, options.email, 'cli', io))
  })
}

/**
 * Runs the backfill in the foreground — after any backfill already running in this process — printing
 * each combination as it finishes, then the totals; shared with `cv add`.
 */
export async function backfillFor(
  app: CliApp,
  email: string | undefined,
  trigger: 'cli' | 'cv-import',
  io: CliIo,
): Promise<BackfillRunReport> {
  const stop = app.on('backfill/progress', (p) => {
    const label = `${p.title} × ${p.location} — ${p.source ? SOURCE_NAMES[p.source] : ''}`
    if (p.phase === 'combination' && p.status === 'done') io.out(`  ✓ ${label}: ${p.jobsFound} jobs`)
    if (p.phase === 'combination' && p.status === 'failed') io.out(`  ✗ ${label}: ${p.error}`)
    if (p.phase === 'notice') io.out(`  … ${p.message}`)
  })
  const report = await app.call('backfill/run', { email, trigger }).finally(stop)
  if (report.noSources) {
    io.out('Backfill: no job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY.')
    return report
  }
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
export function failIfPartial(report: BackfillRunReport): void {
  const failed = report.outcomes.filter((o) => o.status === 'failed').length
  if (failed > 0) {
    throw new UserError(
      `${failed} of ${report.outcomes.length} backfills failed (reasons above); run "job-monitor backfill" again later to retry them.`,
      'backfill.partial',
    )
  }
}
