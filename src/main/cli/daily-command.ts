import { systemClock } from '../core/clock'
import type { AppConfig } from '../core/config/config'
import { type DailyReport, runDailyLoad } from '../core/daily/daily-load'
import { UserError } from '../core/errors'
import { DailyScheduler } from '../core/scheduler/daily-scheduler'
import { scheduleInEffect } from '../core/scheduler/schedule-setting'
import { parseTimes, requireTimeZone } from '../core/scheduler/slots'
import { SOURCE_LABELS } from '../core/sources/source-error'
import { enabledSources, sourcesForRuns, withDatabase } from './context'
import type { CliIo } from './io'

function requireSources(config: AppConfig) {
  const sourceIds = enabledSources(config)
  if (sourceIds.length === 0) {
    throw new UserError(
      'No job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY, then run the daily load again.',
      'daily.no-sources',
    )
  }
  return sourceIds
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
  const times = parseTimes(options.schedule)
  const timezone = options.tz ?? config.timezone
  requireTimeZone(timezone)
  const sourceIds = requireSources(config)
  await withDatabase(config, io, async (handle) => {
    const scheduler = new DailyScheduler({
      db: handle.db,
      clock: systemClock,
      times,
      timezone,
      onMessage: (message) => io.out(message),
      runSlot: async (slot, trigger) => {
        io.out(`DAILY LOAD — ${slot.date} ${slot.time} ${timezone} (${trigger})`)
        const outcome = await runDailyLoad({
          db: handle.db,
          clock: systemClock,
          trigger,
          slotKey: slot.key,
          slotAt: slot.at,
          previousSlotAt: slot.previousAt,
          slotsPerDay: times.length,
          sourceDeadlineMs: config.sourceDeadlineSeconds * 1000,
          onNotice: (message) => io.out(message),
          sourceIds,
          sourcesFor: await sourcesForRuns(config, handle),
        })
        if (outcome.status === 'slot-taken')
          io.out('Another Job Monitor sharing this database already runs this load.')
        else if (outcome.status === 'up-to-date') io.out(outcome.message)
        else printDailyReport(outcome.report, io)
        io.out(scheduler.describe())
      },
    })
    io.out('DAILY JOB SERVICE')
    io.out(scheduler.describe())
    io.out('Press Ctrl+C to stop.')
    scheduler.start()
    await io.untilStopped()
    io.out('Stopping…')
    await scheduler.stop()
  })
}

/** `job-monitor daily --run-once`: one daily load now, and its query and quota analysis. */
export async function dailyRunOnceCommand(config: AppConfig, io: CliIo): Promise<void> {
  const sourceIds = requireSources(config)
  await withDatabase(config, io, async (handle) => {
    io.out(`DAILY LOAD — ${formatTime(systemClock(), config.timezone)} ${config.timezone}`)
    io.out('Loading jobs from the last 24 hours…')
    const schedule = await scheduleInEffect(handle.db, config)
    const outcome = await runDailyLoad({
      db: handle.db,
      clock: systemClock,
      trigger: 'cli',
      slotsPerDay: parseTimes(schedule.time).length,
      askAll: true,
      sourceDeadlineMs: config.sourceDeadlineSeconds * 1000,
      onNotice: (message) => io.out(message),
      sourceIds,
      sourcesFor: await sourcesForRuns(config, handle),
    })
    if (outcome.status === 'slot-taken') return
    if (outcome.status === 'up-to-date') {
      io.out(outcome.message)
      return
    }
    printDailyReport(outcome.report, io)
    const failures = outcome.report.sources.flatMap((s) => s.failures)
    if (failures.length > 0) {
      throw new UserError(
        `${failures.length} part(s) of the daily load failed (reasons above); the next load asks for their window again.`,
        'daily.partial',
      )
    }
  })
}

export function printDailyReport(report: DailyReport, io: CliIo): void {
  io.out('')
  io.out('Query analysis:')
  io.out(`  Total query rows: ${report.totalQueryRows}`)
  io.out(`  Unique combinations: ${report.uniqueCombinations}`)
  io.out(`  Quota saved by sharing: ${report.callsSavedBySharing} API calls (${report.callsSavedPercent}%)`)
  io.out('')
  for (const s of report.sources) {
    const name = SOURCE_LABELS[s.source]
    io.out(
      `${name}: ${s.combinations} combinations, ${s.calls} calls, ${s.billedRequests} requests and ${s.billedJobs} jobs billed, ${s.jobsFetched} jobs fetched`,
    )
    for (const skipped of s.skipped.slice(0, 5)) io.out(`  skipped ${skipped.combination}: ${skipped.reason}`)
    if (s.skipped.length > 5) io.out(`  … and ${s.skipped.length - 5} more skipped`)
    for (const failure of s.failures) io.out(`  failed ${failure.combinations.join(', ')}: ${failure.reason}`)
    for (const line of windowLines(s)) io.out(`  ${line}`)
    if (s.quotaCheck) io.out(`  quota: ${s.quotaCheck}`)
  }
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
      `  ${SOURCE_LABELS[s.source]}: this run used ${q.usedThisRun} ${q.unit}; this period ${q.usedThisPeriod.toLocaleString('en')} of ${q.limit.toLocaleString('en')}${pct}${resets}`,
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
        `  gap: ${utc(w.gap.from)} to ${utc(w.gap.to)} is beyond what ${SOURCE_LABELS[s.source]} can be asked for; jobs of that time may be missing`,
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
