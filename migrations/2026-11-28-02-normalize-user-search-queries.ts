import type { Kysely } from 'kysely'
import { addIdColumn, dialectOf } from './helpers'

/**
 * The earlier service's first hand-run migration, "normalize user queries": one row per
 * (person, title, location) instead of a list per person, with normalized keys so that people share.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await addIdColumn(db.schema.createTable('user_search_queries').ifNotExists(), dialectOf(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title_keyword', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('location_key', 'text', (c) => c.notNull())
    .addColumn('ai_work_arrangement', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('user_search_queries_user_combination_unique', [
      'user_id',
      'title_key',
      'location_key',
    ])
    .execute()

  // The daily load's SELECT DISTINCT and the feed both look rows up by combination.
  await db.schema
    .createIndex('user_search_queries_combination_idx')
    .ifNotExists()
    .on('user_search_queries')
    .columns(['title_key', 'location_key', 'is_active'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_search_queries').ifExists().execute()
}
