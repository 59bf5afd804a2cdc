import type { Run } from '../../../shared/contract/runs'
import { readDailyReport } from '../../../shared/daily-report'
import type { RunRow } from '../db/schema'

/** A `runs` row as the contract shows it. */
const NO_ALERTS: Run['alerts'] = { sent: 0, failed: 0, held: 0, errors: [] }

export function toRun(row: RunRow, alerts: Run['alerts'] = NO_ALERTS): Run {
  return {
    id: row.id,
    kind: row.kind === 'backfill' ? 'backfill' : 'daily',
    trigger: row.trigger,
    status:
      (['running', 'success', 'partial', 'failed', 'interrupted'] as const).find((s) => s === row.status) ??
      'failed',
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    requests: Number(row.requests),
    jobsFetched: Number(row.jobs_fetched),
    jobsNew: Number(row.jobs_new),
    error: row.error,
    report: row.kind === 'daily' ? readDailyReport(row.report_json) : null,
    alerts,
  }
}
