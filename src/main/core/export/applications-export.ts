import { stringify } from 'csv-stringify/sync'
import { APPLICATION_STATES } from '../../../shared/domain'
import type { ApplicationRow } from '../repos/applications-repo'
import { csvCell } from './feed-export'

export const APPLICATION_COLUMNS = [
  'job_id',
  'title',
  'company',
  'location',
  'state',
  ...APPLICATION_STATES.map((s) => `${s}_on`),
  'last_change_on',
  'note',
  'apply_url',
] as const

/**
 * The record of applications as RFC 4180 CSV (UTF-8 with a byte-order mark, CRLF): one row per job, the
 * day of each step in its own column (the last time the job reached that state), and the note.
 */
export function applicationsCsv(rows: readonly ApplicationRow[]): string {
  const records = rows.map((r) => {
    const day = (state: string) => r.steps.filter((s) => s.state === state).at(-1)?.on ?? ''
    return [
      r.jobId,
      r.title,
      r.company ?? '',
      r.location ?? '',
      r.state,
      ...APPLICATION_STATES.map(day),
      r.lastOn,
      r.note ?? '',
      r.applyUrl ?? '',
    ]
  })
  return stringify(records, {
    bom: true,
    header: true,
    columns: [...APPLICATION_COLUMNS],
    record_delimiter: 'windows',
    cast: { string: csvCell },
  })
}

export function applicationsJson(rows: readonly ApplicationRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`
}
