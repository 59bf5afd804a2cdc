import type { Kysely } from 'kysely'
import { type Clock, isoNow } from '../clock'
import type { Database, RunRow } from '../db/schema'

export interface StartRun {
  kind: 'backfill' | 'daily'
  trigger: string
  /** A scheduled slot; only the first process to start it gets a run back. */
  slotKey?: string
}

/** Records a run as started. With a slot key that another instance already took, returns undefined. */
export async function startRun(
  db: Kysely<Database>,
  input: StartRun,
  clock: Clock,
): Promise<RunRow | undefined> {
  let insert = db.insertInto('runs').values({
    kind: input.kind,
    trigger: input.trigger,
    slot_key: input.slotKey ?? null,
    status: 'running',
    started_at: isoNow(clock),
  })
  if (input.slotKey) insert = insert.onConflict((oc) => oc.column('slot_key').doNothing())
  return insert.returningAll().executeTakeFirst()
}

export interface FinishRun {
  status: 'success' | 'failed' | 'partial'
  requests: number
  jobsFetched: number
  jobsNew: number
  report?: unknown
  error?: string | null
}

export async function finishRun(
  db: Kysely<Database>,
  id: number,
  result: FinishRun,
  clock: Clock,
): Promise<void> {
  await db
    .updateTable('runs')
    .set({
      status: result.status,
      finished_at: isoNow(clock),
      requests: result.requests,
      jobs_fetched: result.jobsFetched,
      jobs_new: result.jobsNew,
      report_json: result.report === undefined ? null : JSON.stringify(result.report),
      error: result.error ?? null,
    })
    .where('id', '=', id)
    .execute()
}

/**
 * Frees a failed slot so a later catch-up can take it again: a day counts as done only after success.
 */
export async function releaseSlot(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('runs').set({ slot_key: null }).where('id', '=', id).execute()
}

export async function listRuns(db: Kysely<Database>, limit = 20, kind?: string): Promise<RunRow[]> {
  let q = db.selectFrom('runs').selectAll()
  if (kind) q = q.where('kind', '=', kind)
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}
