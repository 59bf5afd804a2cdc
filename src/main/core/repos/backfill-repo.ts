import type { Kysely } from 'kysely'
import { comboId } from '../../../shared/domain'
import { type Clock, isoNow, toIso } from '../clock'
import type { BackfillRow, Database, SourceId } from '../db/schema'

export interface BackfillCandidate {
  titleKey: string
  locationKey: string
  titleKeyword: string
  location: string
  source: SourceId
}

/**
 * Active combinations (of one person, or of everyone) that have no `done` tracking row for a source:
 * the ones a backfill still has to fetch. A combination another person already backfilled is not here.
 */
export async function combinationsNeedingBackfill(
  db: Kysely<Database>,
  sources: readonly SourceId[],
  userId?: number,
): Promise<BackfillCandidate[]> {
  if (sources.length === 0) return []
  let query = db
    .selectFrom('user_search_queries as q')
    .select((eb) => [
      'q.title_key',
      'q.location_key',
      eb.fn.min('q.title_keyword').as('title_keyword'),
      eb.fn.min('q.location').as('location'),
    ])
    .where('q.is_active', '=', 1)
    .groupBy(['q.title_key', 'q.location_key'])
  if (userId !== undefined) query = query.where('q.user_id', '=', userId)
  const combos = await query.orderBy('q.title_key').orderBy('q.location_key').execute()
  if (combos.length === 0) return []

  const done = await db
    .selectFrom('backfill_tracking')
    .select(['title_key', 'location_key', 'source'])
    .where('status', '=', 'done')
    .where('source', 'in', sources)
    .execute()
  const doneKeys = new Set(done.map((d) => trackingId(d.title_key, d.location_key, d.source)))
  return combos.flatMap((c) =>
    sources
      .filter((source) => !doneKeys.has(trackingId(c.title_key, c.location_key, source)))
      .map((source) => ({
        titleKey: c.title_key,
        locationKey: c.location_key,
        titleKeyword: c.title_keyword,
        location: c.location,
        source,
      })),
  )
}

function trackingId(titleKey: string, locationKey: string, source: string): string {
  return comboId(titleKey, locationKey, source)
}

/**
 * Claims a (combination, source) for fetching: creates its tracking row if needed, then takes it in one
 * conditional UPDATE when it is pending, failed, or running under an expired lease. Of several processes
 * racing on one database exactly one gets the row back; the others get undefined.
 */
export async function claimBackfill(
  db: Kysely<Database>,
  candidate: BackfillCandidate,
  owner: string,
  leaseMs: number,
  clock: Clock,
): Promise<BackfillRow | undefined> {
  const now = isoNow(clock)
  await db
    .insertInto('backfill_tracking')
    .values({
      title_key: candidate.titleKey,
      location_key: candidate.locationKey,
      source: candidate.source,
      title_keyword: candidate.titleKeyword,
      location: candidate.location,
      status: 'pending',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['title_key', 'location_key', 'source']).doNothing())
    .execute()
  return db
    .updateTable('backfill_tracking')
    .set((eb) => ({
      status: 'running',
      lease_owner: owner,
      lease_expires_at: toIso(clock().getTime() + leaseMs),
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('title_key', '=', candidate.titleKey)
    .where('location_key', '=', candidate.locationKey)
    .where('source', '=', candidate.source)
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['pending', 'failed']),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst()
}

/**
 * Extends a lease while a long backfill is still making progress, and records how far it got (so a run
 * that takes over after a crash starts after the pages already stored).
 */
export async function renewLease(
  db: Kysely<Database>,
  id: number,
  owner: string,
  leaseMs: number,
  clock: Clock,
  progress?: BackfillProgress,
): Promise<boolean> {
  const result = await db
    .updateTable('backfill_tracking')
    .set({
      lease_expires_at: toIso(clock().getTime() + leaseMs),
      updated_at: isoNow(clock),
      ...(progress ? { progress_json: JSON.stringify(progress) } : {}),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** How far a backfill of one combination got: its window, and the calls of its unit already stored. */
export interface BackfillProgress {
  since: string
  until: string
  /** The unit (the combinations fetched together) the calls belong to; a different grouping starts over. */
  unit: string
  calls: number
  jobsFound: number
}

/** A recorded progress, when it is recent enough to resume (a day); else undefined. */
export function resumableProgress(row: BackfillRow, now: Date): BackfillProgress | undefined {
  if (!row.progress_json) return undefined
  try {
    const progress = JSON.parse(row.progress_json) as BackfillProgress
    const fresh = now.getTime() - Date.parse(progress.until) < 86_400_000
    return fresh && progress.calls > 0 ? progress : undefined
  } catch {
    return undefined
  }
}

export async function completeBackfill(
  db: Kysely<Database>,
  id: number,
  owner: string,
  jobsFound: number,
  clock: Clock,
): Promise<void> {
  const now = isoNow(clock)
  await db
    .updateTable('backfill_tracking')
    .set({
      status: 'done',
      backfilled_date: now,
      jobs_found: jobsFound,
      lease_owner: null,
      lease_expires_at: null,
      last_error: null,
      progress_json: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

export async function failBackfill(
  db: Kysely<Database>,
  id: number,
  owner: string,
  error: string,
  clock: Clock,
): Promise<void> {
  await db
    .updateTable('backfill_tracking')
    .set({
      status: 'failed',
      last_error: error,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: isoNow(clock),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

export async function listTracking(db: Kysely<Database>): Promise<BackfillRow[]> {
  return db
    .selectFrom('backfill_tracking')
    .selectAll()
    .orderBy('title_key')
    .orderBy('location_key')
    .orderBy('source')
    .execute()
}

/**
 * Ends the leases of running rows whose owner is a process on this machine that no longer exists (it was
 * killed or crashed): the next claim may take them at once instead of waiting for the lease to run out.
 */
export async function expireDeadLocalLeases(
  db: Kysely<Database>,
  host: string,
  isAlive: (pid: number) => boolean,
  clock: Clock,
): Promise<number> {
  const rows = await db
    .selectFrom('backfill_tracking')
    .select(['id', 'lease_owner'])
    .where('status', '=', 'running')
    .where('lease_owner', 'like', `${host}:%`)
    .execute()
  const dead = rows.filter((r) => {
    const pid = Number(r.lease_owner?.split(':')[1])
    return Number.isInteger(pid) && pid > 0 && !isAlive(pid)
  })
  if (dead.length === 0) return 0
  await db
    .updateTable('backfill_tracking')
    // Already past, so the very next claim (which takes leases that ended before now) can have it.
    .set({ lease_expires_at: toIso(clock().getTime() - 1), updated_at: isoNow(clock) })
    .where(
      'id',
      'in',
      dead.map((r) => r.id),
    )
    .where('status', '=', 'running')
    .execute()
  return dead.length
}
