import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { getSetting } from './settings-repo'

/** Days without any source showing a job after which it is "probably closed" (0: never). Shared. */
export const PROBABLY_CLOSED_SETTING = 'jobs.probablyClosedDays'
export const probablyClosedSchema = z.number().int().min(0).max(365)
export const DEFAULT_PROBABLY_CLOSED_DAYS = 30

/** The time before which a job last seen is probably closed, or undefined when the setting is 0. */
export async function unseenBefore(db: Kysely<Database>, clock: Clock): Promise<string | undefined> {
  const days = await getSetting(
    db,
    PROBABLY_CLOSED_SETTING,
    probablyClosedSchema,
    DEFAULT_PROBABLY_CLOSED_DAYS,
  )
  return days > 0 ? new Date(clock().getTime() - days * 86_400_000).toISOString() : undefined
}

export type ClosedState = { reason: 'expired' | 'unseen'; since: string } | null

/** Whether a job has closed, and since when: listed expired (when that was learnt), or not seen since. */
export function closedState(
  row: { closed_at: string | null; last_seen_at: string },
  before: string | undefined,
): ClosedState {
  if (row.closed_at) return { reason: 'expired', since: row.closed_at }
  if (before && row.last_seen_at < before) return { reason: 'unseen', since: row.last_seen_at }
  return null
}

/**
 * Marks the jobs whose Active Jobs DB posting is in a list of expired ids as closed, in batches; a job
 * already closed keeps its first date. Returns how many jobs were closed now.
 */
export async function closeExpired(
  db: Kysely<Database>,
  sourceJobIds: readonly string[],
  clock: Clock,
): Promise<number> {
  const now = clock().toISOString()
  let closed = 0
  const unique = [...new Set(sourceJobIds)]
  for (let i = 0; i < unique.length; i += 500) {
    const batch = unique.slice(i, i + 500)
    const result = await db
      .updateTable('jobs')
      .set({ closed_at: now, closed_reason: 'expired' })
      .where('closed_at', 'is', null)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('job_postings')
          .select('job_id')
          .where('source', '=', 'activejobs')
          .where('source_job_id', 'in', batch),
      )
      .executeTakeFirst()
    closed += Number(result.numUpdatedRows)
  }
  return closed
}
