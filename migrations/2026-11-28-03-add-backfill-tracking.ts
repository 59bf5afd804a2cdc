import type { Kysely } from 'kysely'
import { addIdColumn, dialectOf } from './helpers'

/**
 * The earlier service's second hand-run migration, "add backfill tracking": global, not per person,
 * one row per (combination, source). The unique key plus the lease columns is what lets two processes
 * on one PostgreSQL claim a combination without both fetching it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await addIdColumn(db.schema.createTable('backfill_tracking').ifNotExists(), dialectOf(db))
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('location_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('title_keyword', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('backfilled_date', 'text')
    .addColumn('jobs_found', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('backfill_tracking_combination_source_unique', [
      'title_key',
      'location_key',
      'source',
    ])
    .execute()

  await db.schema
    .createIndex('backfill_tracking_status_idx')
    .ifNotExists()
    .on('backfill_tracking')
    .columns(['status', 'lease_expires_at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backfill_tracking').ifExists().execute()
}
