import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { type Clock, isoNow } from '../clock'
import type { Database } from '../db/schema'

/**
 * Reads a setting, validated: a value written by an older or hand-edited database that no longer fits
 * the schema falls back to the default instead of breaking the app.
 */
export async function getSetting<T>(
  db: Kysely<Database>,
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
): Promise<T> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst()
  if (!row) return fallback
  try {
    const parsed = schema.safeParse(JSON.parse(row.value_json))
    return parsed.success ? parsed.data : fallback
  } catch {
    return fallback
  }
}

export async function setSetting(
  db: Kysely<Database>,
  key: string,
  value: unknown,
  clock: Clock,
): Promise<void> {
  const now = isoNow(clock)
  const value_json = JSON.stringify(value)
  await db
    .insertInto('settings')
    .values({ key, value_json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: now }))
    .execute()
}
