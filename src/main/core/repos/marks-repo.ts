import type { Kysely } from 'kysely'
import { type Clock, isoNow } from '../clock'
import type { Database, SourceId } from '../db/schema'

/** Where one source's daily load of one combination stands. */
export interface DailyMark {
  titleKey: string
  locationKey: string
  loadedUntil: string
  runId: number | null
}

const id = (titleKey: string, locationKey: string) => `${titleKey}\u0000${locationKey}`

/** Every mark of a source, by combination. */
export async function dailyMarks(db: Kysely<Database>, source: SourceId): Promise<Map<string, DailyMark>> {
  const rows = await db.selectFrom('daily_marks').selectAll().where('source', '=', source).execute()
  return new Map(
    rows.map((r) => [
      id(r.title_key, r.location_key),
      { titleKey: r.title_key, locationKey: r.location_key, loadedUntil: r.loaded_until, runId: r.run_id },
    ]),
  )
}

export function markId(c: { titleKey: string; locationKey: string }): string {
  return id(c.titleKey, c.locationKey)
}

/**
 * Moves the marks of combinations whose fetch succeeded; never backwards (a slower load that started
 * earlier cannot undo a later one).
 */
export async function advanceMarks(
  db: Kysely<Database>,
  source: SourceId,
  combinations: ReadonlyArray<{ titleKey: string; locationKey: string }>,
  loadedUntil: Date,
  runId: number,
  clock: Clock,
): Promise<void> {
  const unique = [...new Map(combinations.map((c) => [markId(c), c])).values()]
  if (unique.length === 0) return
  const until = loadedUntil.toISOString()
  await db
    .insertInto('daily_marks')
    .values(
      unique.map((c) => ({
        source,
        title_key: c.titleKey,
        location_key: c.locationKey,
        loaded_until: until,
        run_id: runId,
        updated_at: isoNow(clock),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['source', 'title_key', 'location_key'])
        .doUpdateSet((eb) => ({
          loaded_until: eb.ref('excluded.loaded_until'),
          run_id: eb.ref('excluded.run_id'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where('daily_marks.loaded_until', '<', until),
    )
    .execute()
}
