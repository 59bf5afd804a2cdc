import type { Kysely } from 'kysely'
import { addIdColumn, dialectOf } from './helpers'

/**
 * Alerts beyond the window, per person:
 * - `alert_settings`: where a person's alerts go (a webhook URL, an ntfy topic URL, an address for the
 *   e-mail digest), the fit a new job needs to be in one, and quiet hours (`22:00`–`07:00`, in the
 *   schedule's time zone). In the database, so whichever Job Monitor runs a load alerts everyone it found
 *   jobs for;
 * - `alert_deliveries`: every alert made, one per load, person and channel, with what it carries, how often
 *   it was tried, its last error and when it is due again (a failed or held alert is sent by a later load).
 * Can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  await db.schema
    .createTable('alert_settings')
    .ifNotExists()
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('webhook_url', 'text')
    .addColumn('ntfy_url', 'text')
    .addColumn('digest_to', 'text')
    .addColumn('min_fit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quiet_from', 'text')
    .addColumn('quiet_to', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await addIdColumn(db.schema.createTable('alert_deliveries').ifNotExists(), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('run_id', 'integer', (c) => c.references('runs.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('sent_at', 'text')
    .execute()
  await db.schema
    .createIndex('alert_deliveries_due_idx')
    .ifNotExists()
    .on('alert_deliveries')
    .columns(['status', 'due_at'])
    .execute()
  await db.schema
    .createIndex('alert_deliveries_run_idx')
    .ifNotExists()
    .on('alert_deliveries')
    .column('run_id')
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_deliveries').ifExists().execute()
  await db.schema.dropTable('alert_settings').ifExists().execute()
}
