import type { Kysely } from 'kysely'
import { comboId } from '../../../shared/domain'
import { type Clock, isoNow } from '../clock'
import type { Database, SearchQuery, WorkArrangement } from '../db/schema'
import { type CombinationKey, combinationKey } from '../normalize/combination-key'

export interface PlanRowInput {
  title: string
  location: string
  workArrangement?: WorkArrangement | null
  priority?: number
}

export interface AddQueriesResult {
  /** Rows this call created. */
  created: SearchQuery[]
  /** Inputs the person already had (same title key and location key). */
  existing: number
}

/**
 * Adds plan rows for a person; a row whose normalized combination they already have is left as it is.
 * One statement, so a plan is stored whole or not at all.
 */
export async function addQueries(
  db: Kysely<Database>,
  userId: number,
  rows: PlanRowInput[],
  clock: Clock,
): Promise<AddQueriesResult> {
  if (rows.length === 0) return { created: [], existing: 0 }
  const now = isoNow(clock)
  const seen = new Set<string>()
  const values = rows.flatMap((row) => {
    const key = combinationKey(row.title, row.location)
    const id = comboId(key.titleKey, key.locationKey)
    if (seen.has(id)) return []
    seen.add(id)
    return [
      {
        user_id: userId,
        title_keyword: row.title.trim(),
        location: row.location.trim(),
        title_key: key.titleKey,
        location_key: key.locationKey,
        ai_work_arrangement: row.workArrangement ?? null,
        priority: clampPriority(row.priority ?? 5),
        is_active: 1 as const,
        created_at: now,
        updated_at: now,
      },
    ]
  })
  const created = await db
    .insertInto('user_search_queries')
    .values(values)
    .onConflict((oc) => oc.columns(['user_id', 'title_key', 'location_key']).doNothing())
    .returningAll()
    .execute()
  return { created, existing: rows.length - created.length }
}

export function clampPriority(priority: number): number {
  return Math.max(0, Math.min(10, Math.round(priority)))
}

export async function listQueries(db: Kysely<Database>, userId?: number): Promise<SearchQuery[]> {
  let query = db.selectFrom('user_search_queries').selectAll()
  if (userId !== undefined) query = query.where('user_id', '=', userId)
  return query.orderBy('user_id').orderBy('title_key').orderBy('location_key').execute()
}

export interface ActiveCombination extends CombinationKey {
  titleKeyword: string
  location: string
  /** How many plan rows (people) ask for it. */
  rows: number
  maxPriority: number
}

/**
 * The daily load's SELECT DISTINCT: every active combination of everyone at or above a priority, once,
 * with the display text of its first row and how many rows share it.
 */
export async function activeCombinations(
  db: Kysely<Database>,
  minPriority = 0,
): Promise<ActiveCombination[]> {
  const rows = await db
    .selectFrom('user_search_queries')
    .select((eb) => [
      'title_key',
      'location_key',
      eb.fn.min('title_keyword').as('title_keyword'),
      eb.fn.min('location').as('location'),
      eb.fn.countAll().as('rows'),
      eb.fn.max('priority').as('max_priority'),
    ])
    .where('is_active', '=', 1)
    .where('priority', '>=', minPriority)
    .groupBy(['title_key', 'location_key'])
    .orderBy('title_key')
    .orderBy('location_key')
    .execute()
  return rows.map((r) => ({
    titleKey: r.title_key,
    locationKey: r.location_key,
    titleKeyword: r.title_keyword,
    location: r.location,
    rows: Number(r.rows),
    maxPriority: Number(r.max_priority),
  }))
}

export async function updateQuery(
  db: Kysely<Database>,
  id: number,
  change: { priority?: number; isActive?: boolean },
  clock: Clock,
): Promise<SearchQuery | undefined> {
  return db
    .updateTable('user_search_queries')
    .set({
      updated_at: isoNow(clock),
      ...(change.priority === undefined ? {} : { priority: clampPriority(change.priority) }),
      ...(change.isActive === undefined ? {} : { is_active: change.isActive ? 1 : 0 }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteQuery(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('user_search_queries').where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
