import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * `daily_marks.last_call_json`: what the last daily call of a combination brought back — results, the
 * room the pages asked had, the window's days — so the plan of calls knows a busy combination from a
 * quiet one, and a truncated answer from a complete one. Can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table daily_marks add column if not exists last_call_json text`.execute(db)
    return
  }
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info('daily_marks')`.execute(db)
  if (!rows.some((c) => c.name === 'last_call_json'))
    await db.schema.alterTable('daily_marks').addColumn('last_call_json', 'text').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('daily_marks').dropColumn('last_call_json').execute()
}
