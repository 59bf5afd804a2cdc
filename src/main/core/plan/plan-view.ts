import type { Kysely } from 'kysely'
import type { PlanRow } from '../../../shared/contract/plan'
import { comboId, SOURCES, type SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { listQueries } from '../repos/queries-repo'

/**
 * A person's plan as the grid shows it: every row with, per source, the shared backfill state of its
 * combination, whether someone else's plan paid for it, and the jobs it brought in over the last week.
 */
export async function planView(
  db: Kysely<Database>,
  userId: number,
  sources: readonly SourceId[],
  clock: Clock,
): Promise<PlanRow[]> {
  const rows = await listQueries(db, userId)
  if (rows.length === 0) return []
  const shown = sources.length > 0 ? sources : SOURCES
  const titleKeys = [...new Set(rows.map((r) => r.title_key))]
  const locationKeys = [...new Set(rows.map((r) => r.location_key))]
  const since = new Date(clock().getTime() - 7 * 86_400_000).toISOString()
  const [tracking, recent] = await Promise.all([
    db
      .selectFrom('backfill_tracking')
      .selectAll()
      .where('title_key', 'in', titleKeys)
      .where('location_key', 'in', locationKeys)
      .execute(),
    db
      .selectFrom('job_matches')
      .select([
        'title_key',
        'location_key',
        (eb) => eb.fn.count<number | string>('job_id').distinct().as('jobs'),
      ])
      .where('title_key', 'in', titleKeys)
      .where('location_key', 'in', locationKeys)
      .where('first_matched_at', '>=', since)
      .groupBy(['title_key', 'location_key'])
      .execute(),
  ])
  const trackingBy = new Map(tracking.map((t) => [comboId(t.title_key, t.location_key, t.source), t]))
  const recentBy = new Map(recent.map((r) => [comboId(r.title_key, r.location_key), Number(r.jobs)]))
  return rows.map((row) => ({
    id: row.id,
    title: row.title_keyword,
    location: row.location,
    titleKey: row.title_key,
    locationKey: row.location_key,
    workArrangement: row.ai_work_arrangement,
    priority: Number(row.priority),
    active: Number(row.is_active) === 1,
    jobsLast7Days: recentBy.get(comboId(row.title_key, row.location_key)) ?? 0,
    sources: shown.map((source) => {
      const t = trackingBy.get(comboId(row.title_key, row.location_key, source))
      return {
        source,
        status: t?.status ?? 'not-started',
        jobsFound: Number(t?.jobs_found ?? 0),
        lastError: t?.last_error ?? null,
        backfilledAt: t?.backfilled_date ?? null,
        // The combination was claimed before this person's row existed: another plan paid for it.
        shared: !!t && t.created_at < row.created_at,
      }
    }),
  }))
}
