import type { Kysely } from 'kysely'
import { addIdColumn, dialectOf } from './helpers'

/** Run history (with the one-run-per-slot key), the API quota ledger, and settings. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  await addIdColumn(db.schema.createTable('runs').ifNotExists(), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('slot_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('jobs_fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('jobs_new', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_json', 'text')
    .addColumn('error', 'text')
    .execute()
  await db.schema
    .createIndex('runs_kind_started_idx')
    .ifNotExists()
    .on('runs')
    .columns(['kind', 'started_at'])
    .execute()

  await addIdColumn(db.schema.createTable('api_usage').ifNotExists(), dialect)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.references('runs.id').onDelete('set null'))
    .addColumn('called_at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('billed_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('billed_jobs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requests_limit', 'integer')
    .addColumn('requests_remaining', 'integer')
    .addColumn('requests_reset_at', 'text')
    .addColumn('jobs_limit', 'integer')
    .addColumn('jobs_remaining', 'integer')
    .addColumn('jobs_reset_at', 'text')
    .addColumn('error', 'text')
    .execute()
  await db.schema
    .createIndex('api_usage_source_called_idx')
    .ifNotExists()
    .on('api_usage')
    .columns(['source', 'called_at'])
    .execute()

  await db.schema
    .createTable('settings')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['settings', 'api_usage', 'runs']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
