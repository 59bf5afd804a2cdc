import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * Jobs that have closed: `jobs.closed_at` (when Job Monitor learnt it) and `jobs.closed_reason` (`expired`:
 * a source's list of expired jobs named it). A job no source has shown for a while is "probably closed"
 * from its `last_seen_at`, which needs no column. Seeing a closed job again opens it again.
 * Can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const columns = await sql<{ name: string }>`${
    dialectOf(db) === 'postgres'
      ? sql`select column_name as name from information_schema.columns where table_name = 'jobs' and table_schema = current_schema()`
      : sql`select name from pragma_table_info('jobs')`
  }`.execute(db)
  const has = new Set(columns.rows.map((r) => r.name))
  if (!has.has('closed_at')) await db.schema.alterTable('jobs').addColumn('closed_at', 'text').execute()
  if (!has.has('closed_reason')) await db.schema.alterTable('jobs').addColumn('closed_reason', 'text').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('closed_reason').execute()
  await db.schema.alterTable('jobs').dropColumn('closed_at').execute()
}
