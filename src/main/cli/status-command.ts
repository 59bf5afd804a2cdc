import type { StatusSummary } from '../../shared/contract/system'
import { SOURCE_NAMES, SOURCES } from '../../shared/domain'
import type { AppConfig } from '../core/config/config'
import { withApp } from './app-client'
import type { CliIo } from './io'

/** The documented `--json` shape of `job-monitor status` (docs/cli.md): the contract's status summary. */
export type StatusJson = StatusSummary

/** `job-monitor status [--json]`: combinations and their backfill, the last runs, the next run, quota. */
export async function statusCommand(
  config: AppConfig,
  options: { json?: boolean },
  io: CliIo,
): Promise<void> {
  const status = await withApp(config, io, (app) => app.call('system/get-summary'), { readOnly: true })
  if (options.json) {
    io.out(JSON.stringify(status, null, 2))
    return
  }
  io.out(`Database: ${status.database.location} (${status.database.dialect})`)
  io.out(`Combinations: ${status.combinations.length}`)
  for (const c of status.combinations) {
    const states = SOURCES.map((s) => {
      const b = c.backfill[s]
      return `${SOURCE_NAMES[s]} ${b ? (b.status === 'done' ? `done (${b.jobsFound} jobs)` : b.status) : 'not yet'}`
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
    `Next daily run: ${status.nextRun.at.slice(0, 16).replace('T', ' ')} UTC (${status.schedule.time} ${status.schedule.timezone})`,
  )
  io.out('Quota this period:')
  for (const q of status.quota) {
    const off = q.enabled ? '' : q.hasKey ? ' (switched off)' : ' (off: no key)'
    const from =
      q.limitFrom === 'gateway' ? '' : ` (${q.limitFrom === 'settings' ? 'from Settings' : 'default plan'})`
    const other =
      q.otherUse !== null ? ` (the gateway also counts ${q.otherUse} from other machines on the key)` : ''
    io.out(
      `  ${SOURCE_NAMES[q.source]}${off}: ${q.used} ${q.unit} used of ${q.limit}${from}, ${q.left} left${other}, resets ${q.periodEnd.slice(0, 10)}`,
    )
  }
}
