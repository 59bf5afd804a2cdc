import type { Run } from '../../../shared/contract/runs'
import type { RunRow } from '../db/schema'

/** A `runs` row as the contract shows it. */
export function toRun(row: RunRow): Run {
  let report: Record<string, unknown> | null = null
  try {
    const parsed = row.report_json ? JSON.parse(row.report_json) : null
    report = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null
  } catch {
    report = null
  }
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
    report,
  }
}
