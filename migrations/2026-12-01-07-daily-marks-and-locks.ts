import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * What makes the daily load lose no window:
 * - `daily_marks`: per source and combination, the time up to which its daily jobs are loaded. It moves
 *   only when that fetch succeeded, so a failed part is asked for again from where it stood.
 * - `locks`: named leases (one daily load at a time across every process sharing the database).
 * - `runs.heartbeat_at`: a running run's last sign of life, so a killed one is closed as interrupted.
 * - `backfill_tracking.progress_json`: how far a running backfill got, so a resumed one starts there.
 * Every step can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('daily_marks')
    .ifNotExists()
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('location_key', 'text', (c) => c.notNull())
    .addColumn('loaded_until', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_marks_pk', ['source', 'title_key', 'location_key'])
    .execute()
  await db.schema
    .createTable('locks')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await addColumnOnce(db, 'runs', 'heartbeat_at')
  await addColumnOnce(db, 'backfill_tracking', 'progress_json')
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function addColumnOnce(db: Kysely<any>, table: string, column: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table ${sql.table(table)} add column if not exists ${sql.ref(column)} text`.execute(db)
    return
  }
  // SQLite has no ADD COLUMN IF NOT EXISTS: look first, so the step can be re-run.
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)
  if (!rows.some((c) => c.name === column))
    await db.schema.alterTable(table).addColumn(column, 'text').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('backfill_tracking').dropColumn('progress_json').execute()
  await db.schema.alterTable('runs').dropColumn('heartbeat_at').execute()
  await db.schema.dropTable('locks').ifExists().execute()
  await db.schema.dropTable('daily_marks').ifExists().execute()
}
