import type { Kysely } from 'kysely'
import { comboId } from '../../../shared/domain'
import { type Clock, isoNow } from '../clock'
import type { Database, SourceId } from '../db/schema'

/** Where one source's daily load of one combination stands. */
export interface DailyMark {
  titleKey: string
  locationKey: string
  loadedUntil: string
  runId: number | null
  /** What its last daily call brought back, when one was recorded. */
  lastCall: CallYield | null
}

/** One daily call's yield: results returned, the room the pages asked had, the window's days. */
export interface CallYield {
  returned: number
  capacity: number
  windowDays: number
}

const id = comboId

/** Every mark of a source, by combination. */
export async function dailyMarks(db: Kysely<Database>, source: SourceId): Promise<Map<string, DailyMark>> {
  const rows = await db.selectFrom('daily_marks').selectAll().where('source', '=', source).execute()
  return new Map(
    rows.map((r) => [
      id(r.title_key, r.location_key),
      {
        titleKey: r.title_key,
        locationKey: r.location_key,
        loadedUntil: r.loaded_until,
        runId: r.run_id,
        lastCall: parseYield(r.last_call_json),
      },
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
  yields?: ReadonlyMap<string, CallYield>,
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
        last_call_json: yields?.has(markId(c)) ? JSON.stringify(yields.get(markId(c))) : null,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['source', 'title_key', 'location_key'])
        .doUpdateSet((eb) => ({
          loaded_until: eb.ref('excluded.loaded_until'),
          run_id: eb.ref('excluded.run_id'),
          updated_at: eb.ref('excluded.updated_at'),
          last_call_json: eb.fn.coalesce('excluded.last_call_json', 'daily_marks.last_call_json'),
        }))
        .where('daily_marks.loaded_until', '<', until),
    )
    .execute()
}

function parseYield(json: string | null): CallYield | null {
  if (!json) return null
  try {
    const v = JSON.parse(json) as Partial<CallYield>
    return typeof v.returned === 'number' &&
      typeof v.capacity === 'number' &&
      typeof v.windowDays === 'number'
      ? { returned: v.returned, capacity: v.capacity, windowDays: v.windowDays }
      : null
  } catch {
    return null
  }
}
