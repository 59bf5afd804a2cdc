import type { Schedule } from '../../shared/contract/runs'

export type TrayAction = 'open' | 'run-now' | 'pause' | 'resume' | 'quit'

export interface TrayItem {
  label: string
  /** What clicking does; absent for the lines that only inform. */
  action?: TrayAction
  enabled: boolean
  separator?: boolean
}

const separator: TrayItem = { label: '', enabled: false, separator: true }

function when(iso: string, timezone: string, now: Date): string {
  const date = new Date(iso)
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(d)
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(date)
  const tomorrow = new Date(now.getTime() + 86_400_000)
  if (day(date) === day(now)) return `today ${time}`
  if (day(date) === day(tomorrow)) return `tomorrow ${time}`
  const weekday = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(date)
  return `${weekday}, ${time}`
}

/** The last run in a few words, for the menu and the tooltip. */
export function lastRunLine(schedule: Schedule, now: Date): string {
  const run = schedule.lastRun
  if (!run) return 'No daily load yet'
  if (run.status === 'running') return 'Daily load running…'
  const at = when(run.finishedAt ?? run.startedAt, schedule.timezone, now)
  if (run.status === 'failed') return `Last load failed ${at}${run.error ? `: ${run.error}` : ''}`
  const jobs = run.jobsNew === 1 ? '1 new job' : `${run.jobsNew} new jobs`
  return `Last load ${at}: ${jobs}${run.status === 'partial' ? ' (some sources failed)' : ''}`
}

/**
 * The tray menu as data: Open, Run daily load now, Pause/Resume, the next run, the last result, Quit.
 * The Electron shell turns it into a Menu; tests read it directly.
 */
export function trayMenuModel(schedule: Schedule, now: Date): TrayItem[] {
  const next = schedule.paused
    ? 'Daily schedule paused'
    : schedule.nextRunAt
      ? `Next run: ${when(schedule.nextRunAt, schedule.timezone, now)}`
      : 'No run scheduled'
  return [
    { label: 'Open Job Monitor', action: 'open', enabled: true },
    separator,
    schedule.running
      ? { label: 'Daily load running…', enabled: false }
      : { label: 'Run daily load now', action: 'run-now', enabled: true },
    schedule.paused
      ? { label: 'Resume daily schedule', action: 'resume', enabled: true }
      : { label: 'Pause daily schedule', action: 'pause', enabled: true },
    { label: next, enabled: false },
    { label: lastRunLine(schedule, now), enabled: false },
    separator,
    { label: 'Quit Job Monitor', action: 'quit', enabled: true },
  ]
}

export function trayTooltip(schedule: Schedule, now: Date): string {
  return `Job Monitor — ${lastRunLine(schedule, now)}`
}
