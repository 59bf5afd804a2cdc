import { type DailyReport, expiredLine } from '../../shared/daily-report'
import { SOURCE_NAMES } from '../../shared/domain'
import type { DailyResult } from '../core/app'
import type { AppConfig } from '../core/config/config'
import { errorMessage, isUserError, UserError } from '../core/errors'
import { type CliApp, withApp } from './app-client'
import type { CliIo } from './io'

/** The load's notices (a wait for the quota, a shorter window) as they happen, one line each. */
function printNotices(app: CliApp, io: CliIo): () => void {
  return app.on('run/progress', (p) => {
    if (p.notice) io.out(p.message)
  })
}

/**
 * `job-monitor daily --schedule "6:00" [--tz Europe/Berlin]`: stays running, loads every day at that time
 * (catching up a missed day once), and stops cleanly on Ctrl+C.
 */
export async function dailyScheduleCommand(
  config: AppConfig,
  options: { schedule: string; tz?: string },
  io: CliIo,
): Promise<void> {
  const timezone = options.tz ?? config.timezone
  await withApp(config, io, async (app) => {
    const { schedule } = app.runtime.ctx
    // No source: say so now rather than at the first load.
    const { quota } = await app.call('system/get-summary')
    if (!quota.some((q) => q.enabled)) throw noSources()
    const stop = printNotices(app, io)
    await schedule.start({
      time: options.schedule,
      timezone,
      onMessage: (message) => io.out(message),
      onReady: (description) => {
        io.out('DAILY JOB SERVICE')
        io.out(description)
        io.out('Press Ctrl+C to stop.')
      },
      onSlot: (slot, trigger) => io.out(`DAILY LOAD — ${slot.date} ${slot.time} ${timezone} (${trigger})`),
      onRan: (result, error) => {
        if (result) printOutcome(result, io)
        else io.out(`The daily load failed: ${isUserError(error) ? error.message : errorMessage(error)}`)
        io.out(schedule.describe() ?? '')
      },
    })
    await io.untilStopped()
    io.out('Stopping…')
    stop()
    await schedule.stop()
  })
}

/** `job-monitor daily --run-once`: one daily load now, and its query and quota analysis. */
export async function dailyRunOnceCommand(config: AppConfig, io: CliIo): Promise<void> {
  await withApp(config, io, async (app) => {
    const { quota } = await app.call('system/get-summary')
    if (!quota.some((q) => q.enabled)) throw noSources()
    io.out(`DAILY LOAD — ${formatTime(app.runtime.ctx.clock(), config.timezone)} ${config.timezone}`)
    io.out('Loading jobs from the last 24 hours…')
    const stop = printNotices(app, io)
    const result = await app.call('daily/run-once', { trigger: 'cli' }).finally(stop)
    if (result.outcome === 'slot-taken') return
    printOutcome(result, io)
    const failures = result.report?.sources.flatMap((s) => s.failures) ?? []
    if (failures.length > 0) {
      throw new UserError(
        `${failures.length} part(s) of the daily load failed (reasons above); the next load asks for their window again.`,
        'daily.partial',
      )
    }
  })
}

function noSources(): UserError {
  return new UserError(
    'No job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY, then run the daily load again.',
    'daily.no-sources',
  )
}

function printOutcome(result: Pick<DailyResult, 'message' | 'report'>, io: CliIo): void {
  if (result.report) printDailyReport(result.report, io)
  else io.out(result.message)
}

export function printDailyReport(report: DailyReport, io: CliIo): void {
  io.out('')
  io.out('Query analysis:')
  io.out(`  Total query rows: ${report.totalQueryRows}`)
  io.out(`  Unique combinations: ${report.uniqueCombinations}`)
  io.out(`  Quota saved by sharing: ${report.callsSavedBySharing} API calls (${report.callsSavedPercent}%)`)
  io.out('')
  for (const s of report.sources) {
    const name = SOURCE_NAMES[s.source]
    io.out(
      `${name}: ${s.combinations} combinations, ${s.calls} calls, ${s.billedRequests} requests and ${s.billedJobs} jobs billed, ${s.jobsFetched} jobs fetched`,
    )
    for (const skipped of s.skipped.slice(0, 5)) io.out(`  skipped ${skipped.combination}: ${skipped.reason}`)
    if (s.skipped.length > 5) io.out(`  … and ${s.skipped.length - 5} more skipped`)
    for (const failure of s.failures) io.out(`  failed ${failure.combinations.join(', ')}: ${failure.reason}`)
    for (const line of windowLines(s)) io.out(`  ${line}`)
    if (s.quotaCheck) io.out(`  quota: ${s.quotaCheck}`)
  }
  if (report.expired) io.out(expiredLine(report.expired))
  io.out('')
  io.out(`Jobs fetched: ${report.jobsFetched}`)
  io.out(`New jobs added: ${report.jobsNew}`)
  io.out('')
  io.out('Quota analysis:')
  for (const s of report.sources) {
    const q = s.quota
    const pct = q.limit ? ` (${((q.usedThisPeriod / q.limit) * 100).toFixed(1)}%)` : ''
    const resets = q.resetAt ? `, resets ${q.resetAt.slice(0, 10)}` : ''
    io.out(
      `  ${SOURCE_NAMES[s.source]}: this run used ${q.usedThisRun} ${q.unit}; this period ${q.usedThisPeriod.toLocaleString('en')} of ${q.limit.toLocaleString('en')}${pct}${resets}`,
    )
    io.out(`    Projected monthly: ${q.projectedMonthly.toLocaleString('en')} ${q.unit} — ${q.verdict}`)
  }
}

/** "loaded 12 combinations: indexed since 2026-11-27 06:00 UTC", and each gap, in one line each. */
export function windowLines(s: DailyReport['sources'][number]): string[] {
  const lines: string[] = []
  if (s.upToDate) lines.push(`${s.upToDate} combination(s) were already loaded by the load running alongside`)
  for (const w of s.windows ?? []) {
    const n = w.combinations.length
    const what = n <= 2 ? w.combinations.join(', ') : `${n} combinations`
    lines.push(`window for ${what}: ${w.how} ${utc(w.from)} until ${utc(w.to)}`)
    if (w.gap)
      lines.push(
        `  gap: ${utc(w.gap.from)} to ${utc(w.gap.to)} is beyond what ${SOURCE_NAMES[s.source]} can be asked for; jobs of that time may be missing`,
      )
  }
  return lines
}

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`

function formatTime(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: timezone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(date)
}
