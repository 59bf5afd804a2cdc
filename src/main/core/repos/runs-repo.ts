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
    heartbeat_at: isoNow(clock),
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

export async function listRuns(db: Kysely<Database>, limit = 20, kind?: string): Promise<RunRow[]> {
  let q = db.selectFrom('runs').selectAll()
  if (kind) q = q.where('kind', '=', kind)
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

/** The runs that served a scheduled slot: its first attempt (`key`) and retries (`key#2`, `key#3`, …). */
export async function slotAttempts(db: Kysely<Database>, slotKey: string): Promise<RunRow[]> {
  return db
    .selectFrom('runs')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('slot_key', '=', slotKey),
        // '$' sorts right after '#': every "key#N" and nothing else.
        eb.and([eb('slot_key', '>=', `${slotKey}#`), eb('slot_key', '<', `${slotKey}$`)]),
      ]),
    )
    .orderBy('id')
    .execute()
}

/** A run still "running" whose heartbeat is older than this belongs to a process that stopped. */
export const RUN_LEASE_MS = 2 * 60_000

/**
 * Closes runs left "running" by a process that is gone: its owner is a process of this machine that no
 * longer exists, or its last heartbeat (its start, before heartbeats) is older than the lease. They are
 * marked `interrupted` at the time they last showed life; the scheduler then tries their slot again at once.
 * Returns how many were closed.
 */
export async function closeInterruptedRuns(
  db: Kysely<Database>,
  clock: Clock,
  leaseMs = RUN_LEASE_MS,
): Promise<number> {
  const staleBefore = new Date(clock().getTime() - leaseMs).toISOString()
  const running = await db
    .selectFrom('runs')
    .select(['id', 'owner', 'started_at', 'heartbeat_at'])
    .where('status', '=', 'running')
    .execute()
  const dead = running.filter(
    (r) => isDeadLocalOwner(r.owner) || (r.heartbeat_at ?? r.started_at) < staleBefore,
  )
  for (const run of dead) {
    const at = run.heartbeat_at ?? run.started_at
    await db
      .updateTable('runs')
      .set({
        status: 'interrupted',
        finished_at: at,
        error: `Interrupted: the process running it stopped (killed, crashed or asleep) after ${at}; the next run took its work over.`,
      })
      .where('id', '=', run.id)
      .where('status', '=', 'running')
      .execute()
  }
  return dead.length
}

/** Marks a run alive now. */
export async function heartbeat(db: Kysely<Database>, id: number, clock: Clock): Promise<void> {
  await db
    .updateTable('runs')
    .set({ heartbeat_at: isoNow(clock) })
    .where('id', '=', id)
    .execute()
}

/** Beats every third of the lease until stopped; the first beat is at once. */
export function keepRunAlive(
  db: Kysely<Database>,
  id: number,
  clock: Clock,
  leaseMs = RUN_LEASE_MS,
): () => void {
  void heartbeat(db, id, clock).catch(() => {})
  const timer = setInterval(() => void heartbeat(db, id, clock).catch(() => {}), leaseMs / 3)
  timer.unref?.()
  return () => clearInterval(timer)
}

/** The daily loads since a time that recorded a report, oldest first. */
export async function dailyReportsSince(
  db: Kysely<Database>,
  since: string,
): Promise<Array<{ started_at: string; report_json: string }>> {
  const rows = await db
    .selectFrom('runs')
    .select(['started_at', 'report_json'])
    .where('kind', '=', 'daily')
    .where('started_at', '>=', since)
    .where('report_json', 'is not', null)
    .orderBy('started_at')
    .execute()
  return rows.map((r) => ({ started_at: r.started_at, report_json: r.report_json! }))
}
