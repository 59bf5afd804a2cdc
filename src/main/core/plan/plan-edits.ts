import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import { cvProfileSchema } from '../cv/profile'
import type { Database, SearchQuery, SourceId } from '../db/schema'
import { UserError } from '../errors'
import { locationKey, titleKey } from '../normalize/combination-key'
import { requirePlaced } from '../places/check-places'
import { type BackfillCandidate, combinationsNeedingBackfill } from '../repos/backfill-repo'
import { latestCv } from '../repos/cvs-repo'
import { addQueries, clampPriority, listQueries, updateQuery } from '../repos/queries-repo'

/**
 * Edits of a person's plan. The plan is a grid: a new title gets a row for every place, a new place a row
 * for every title. Each edit returns the combinations that now need a backfill, so the caller can start it.
 */
export interface PlanEditResult {
  rows: SearchQuery[]
  newCombinations: BackfillCandidate[]
}

async function result(
  db: Kysely<Database>,
  userId: number,
  sources: readonly SourceId[],
): Promise<PlanEditResult> {
  return {
    rows: await listQueries(db, userId),
    newCombinations: await combinationsNeedingBackfill(db, sources, userId),
  }
}

function alreadyThere(typed: string, existing: string, code: string): UserError {
  return new UserError(
    typed.toLowerCase() === existing.toLowerCase()
      ? `${existing} is already in your plan.`
      : `${typed} is already in your plan, as ${existing}.`,
    code,
  )
}

function distinct(
  rows: SearchQuery[],
  pick: (row: SearchQuery) => [string, string],
): Array<[string, string]> {
  return [...new Map(rows.map((row) => pick(row))).entries()]
}

export async function addTitle(
  db: Kysely<Database>,
  userId: number,
  title: string,
  sources: readonly SourceId[],
  clock: Clock,
) {
  const clean = requireText(title, 'title')
  const rows = await listQueries(db, userId)
  const places = distinct(rows, (r) => [r.location_key, r.location])
  if (places.length === 0)
    throw new UserError('Add a place first: a title is searched in the places of the plan.', 'plan.no-places')
  const same = rows.find((r) => r.title_key === titleKey(clean))
  if (same) throw alreadyThere(clean, same.title_keyword, 'plan.title-exists')
  await addQueries(
    db,
    userId,
    places.map(([, location]) => ({ title: clean, location })),
    clock,
  )
  return result(db, userId, sources)
}

export async function addLocation(
  db: Kysely<Database>,
  userId: number,
  location: string,
  sources: readonly SourceId[],
  clock: Clock,
) {
  const clean = requireText(location, 'place')
  requirePlaced([clean])
  const rows = await listQueries(db, userId)
  const titles = distinct(rows, (r) => [r.title_key, r.title_keyword])
  if (titles.length === 0)
    throw new UserError(
      'Add a title first: a place is searched for the titles of the plan.',
      'plan.no-titles',
    )
  // "Munich" when "München" is there is the same search: say so rather than add nothing silently.
  const same = rows.find((r) => r.location_key === locationKey(clean))
  if (same) throw alreadyThere(clean, same.location, 'plan.place-exists')
  await addQueries(
    db,
    userId,
    titles.map(([, title]) => ({ title, location: clean })),
    clock,
  )
  return result(db, userId, sources)
}

export function removeTitle(
  db: Kysely<Database>,
  userId: number,
  title: string,
  sources: readonly SourceId[],
) {
  return removeRows(db, userId, 'title_key', titleKey(title), sources)
}

export function removeLocation(
  db: Kysely<Database>,
  userId: number,
  location: string,
  sources: readonly SourceId[],
) {
  return removeRows(db, userId, 'location_key', locationKey(location), sources)
}

/** Removes a title's or a place's row from every cell of the person's grid. */
async function removeRows(
  db: Kysely<Database>,
  userId: number,
  column: 'title_key' | 'location_key',
  key: string,
  sources: readonly SourceId[],
) {
  await db.deleteFrom('user_search_queries').where('user_id', '=', userId).where(column, '=', key).execute()
  return result(db, userId, sources)
}

/** Sets a row's priority (0–10) or pauses/resumes it; only the person's own rows. */
export async function editRow(
  db: Kysely<Database>,
  userId: number,
  rowId: number,
  change: { priority?: number; active?: boolean },
  sources: readonly SourceId[],
  clock: Clock,
) {
  const row = await db
    .selectFrom('user_search_queries')
    .select('user_id')
    .where('id', '=', rowId)
    .executeTakeFirst()
  if (!row || row.user_id !== userId)
    throw new UserError(`There is no plan row ${rowId} for this person.`, 'plan.no-row')
  await updateQuery(
    db,
    rowId,
    {
      priority: change.priority === undefined ? undefined : clampPriority(change.priority),
      isActive: change.active,
    },
    clock,
  )
  return result(db, userId, sources)
}

/** Rebuilds the plan from the last imported CV's profile: missing rows come back, edits to existing rows stay. */
export async function replanFromProfile(
  db: Kysely<Database>,
  userId: number,
  sources: readonly SourceId[],
  clock: Clock,
) {
  const cv = await latestCv(db, userId)
  if (!cv) throw new UserError('There is no CV to plan from: import one first.', 'plan.no-cv')
  const profile = cvProfileSchema.parse(JSON.parse(cv.profile_json))
  await addQueries(
    db,
    userId,
    profile.jobTitles.flatMap((title) =>
      profile.locations.map((location) => ({ title, location, workArrangement: profile.workArrangement })),
    ),
    clock,
  )
  return result(db, userId, sources)
}

function requireText(value: string, what: string): string {
  const clean = value.trim().replace(/\s+/g, ' ')
  if (clean.length < 2 || clean.length > 80)
    throw new UserError(`A ${what} needs 2 to 80 characters.`, 'plan.bad-text')
  return clean
}
