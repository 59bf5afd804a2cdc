import type { QuotaSettingsShape } from '../../shared/contract/quota'
import { SOURCE_NAMES } from '../../shared/domain'
import { parseWhatIf } from '../core/app'
import type { AppConfig } from '../core/config/config'
import { withApp } from './app-client'
import type { CliIo } from './io'

const LABELS: Array<[keyof QuotaSettingsShape, string]> = [
  ['backfillDepthDays', 'backfill depth (days)'],
  ['backfillPages', 'backfill pages'],
  ['dailyPages', 'daily pages'],
  ['maxDelayDays', 'delay (days)'],
  ['highPriority', 'daily from priority'],
  ['times', 'daily loads at'],
  ['minPriority', 'priority threshold'],
]

/**
 * `job-monitor quota [--what-if depth=14,pages=3,times=06:00,18:00] [--json]`: the month's projected
 * requests and billed jobs per source against the plan, for everyone's current plans — and, with
 * --what-if, the same with other settings, side by side. Nothing is saved.
 */
export async function quotaCommand(
  config: AppConfig,
  options: { whatIf?: string; json?: boolean },
  io: CliIo,
): Promise<void> {
  const change = options.whatIf ? parseWhatIf(options.whatIf) : {}
  const result = await withApp(config, io, (app) => app.call('quota/what-if', change))
  if (options.json) {
    io.out(JSON.stringify(result, null, 2))
    return
  }
  io.out('THIS PERIOD — the same figures as the Quota screen and the daily report')
  for (const q of result.period) {
    const left = `${q.remaining.toLocaleString('en')} left${q.leftFrom === 'gateway' ? " (the gateway's count)" : ''}`
    io.out(
      `${SOURCE_NAMES[q.source].padEnd(16)}${q.used.toLocaleString('en')} of ${q.limit.toLocaleString('en')} ${q.unit} used, ${left}, resets ${q.periodEnd.slice(0, 10)}; projected ${q.projectedMonthly.toLocaleString('en')} by then — ${q.verdict}.`,
    )
    for (const note of q.notes) io.out(`${''.padEnd(16)}${note}`)
  }
  io.out('')
  const compare = options.whatIf !== undefined
  io.out(`A MONTH — daily loads under the plan of calls plus the backfill still owed, for everyone's plans`)
  io.out(
    `Plans: ${result.rows} rows → ${result.combinations} unique combinations (${result.dailyNow} loaded daily); ${result.pendingBackfill} combination × source pairs still to backfill.`,
  )
  const settings = LABELS.map(([field, label]) => {
    const a = result.settingsNow[field]
    const b = result.settingsWhatIf[field]
    return compare && a !== b ? `${label} ${a} → ${b}` : `${label} ${a}`
  })
  io.out(`${compare ? 'What-if' : 'Settings'}: ${settings.join(', ')}${compare ? ' (nothing is saved)' : ''}`)
  io.out('')
  io.out(`${''.padEnd(16)}${''.padEnd(10)}${'now'.padEnd(34)}${compare ? 'what-if' : ''}`.trimEnd())
  for (const s of result.sources) {
    const cell = (value: number, unit: 'requests' | 'jobs') => {
      if (unit !== s.unit) return value.toLocaleString('en')
      const share = s.limit ? Math.round((value / s.limit) * 100) : 0
      return `${value.toLocaleString('en')} of ${s.limit.toLocaleString('en')} (${share}%)${value > s.limit ? ' — over the plan' : ''}`
    }
    const units: Array<'requests' | 'jobs'> = s.source === 'jsearch' ? ['requests'] : ['requests', 'jobs']
    units.forEach((unit, i) => {
      const name = i === 0 ? SOURCE_NAMES[s.source] : ''
      const now = cell(s.now[unit], unit)
      io.out(
        `${name.padEnd(16)}${unit.padEnd(10)}${now.padEnd(34)}${compare ? cell(s.whatIf[unit], unit) : ''}`.trimEnd(),
      )
    })
  }
}
