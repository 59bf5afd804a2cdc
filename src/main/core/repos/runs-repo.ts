import type { Kysely } from 'kysely'
import { type Clock, isoNow } from '../clock'
import type { Database, RunRow } from '../db/schema'
import { isDeadLocalOwner, PROCESS_OWNER } from '../process-owner'

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
    owner: PROCESS_OWNER,
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

/** True when a scheduled slot has a run that loaded something (success or partial). */
export async function slotDone(db: Kysely<Database>, slotKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('runs')
    .select('id')
    .where('slot_key', '=', slotKey)
    .where('status', 'in', ['success', 'partial'])
    .executeTakeFirst()
  return row !== undefined
}

/**
 * A run of this slot still "running" belongs to a process that died when its owner is a process of this
 * machine that no longer exists, or when it started before `staleBefore`: it is marked failed and its slot
 * freed, so a catch-up can take it.
 */
export async function releaseStaleSlot(
  db: Kysely<Database>,
  slotKey: string,
  staleBefore: string,
): Promise<void> {
  const running = await db
    .selectFrom('runs')
    .select(['id', 'owner', 'started_at'])
    .where('slot_key', '=', slotKey)
    .where('status', '=', 'running')
    .execute()
  const dead = running.filter((r) => isDeadLocalOwner(r.owner) || r.started_at < staleBefore).map((r) => r.id)
  if (dead.length === 0) return
  await db
    .updateTable('runs')
    .set({ status: 'failed', error: 'the process running it stopped', slot_key: null })
    .where('id', 'in', dead)
    .where('status', '=', 'running')
    .execute()
}

/** When the last daily load that got somewhere (success or partial) began. */
export async function lastLoadStart(db: Kysely<Database>): Promise<Date | undefined> {
  const last = await db
    .selectFrom('runs')
    .select('started_at')
    .where('kind', '=', 'daily')
    .where('status', 'in', ['success', 'partial'])
    .orderBy('started_at', 'desc')
    .executeTakeFirst()
  return last ? new Date(last.started_at) : undefined
}
