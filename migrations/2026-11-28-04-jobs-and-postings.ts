import type { Kysely } from 'kysely'
import { addIdColumn, createCoveringIndex, dialectOf } from './helpers'

/** Deduplicated jobs, their provenance, which combinations surfaced them, and each person's state. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  await addIdColumn(db.schema.createTable('jobs').ifNotExists(), dialect)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('company', 'text')
    .addColumn('location', 'text')
    .addColumn('city', 'text')
    .addColumn('region', 'text')
    .addColumn('country', 'text')
    .addColumn('is_remote', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('work_arrangement', 'text')
    .addColumn('employment_type', 'text')
    .addColumn('salary_min', 'double precision')
    .addColumn('salary_max', 'double precision')
    .addColumn('salary_currency', 'text')
    .addColumn('salary_period', 'text')
    .addColumn('description', 'text')
    .addColumn('apply_url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('sort_at', 'text', (c) => c.notNull())
    .execute()
  // One canonical apply URL is one job (the dedupe rule), and a unique index also tells PostgreSQL's planner
  // that a lookup by URL finds at most one row, even before the table has statistics.
  await db.schema
    .createIndex('jobs_canonical_url_unique')
    .ifNotExists()
    .unique()
    .on('jobs')
    .column('canonical_url')
    .execute()
  // The feed walks jobs newest first and tests the text filter on the index alone (see feed-repo.ts).
  await createCoveringIndex(db, 'jobs_feed_idx', 'jobs', ['sort_at', 'id'], ['search_text'])

  await addIdColumn(db.schema.createTable('job_postings').ifNotExists(), dialect)
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_job_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('raw_json', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('job_postings_source_id_unique', ['source', 'source_job_id'])
    .execute()
  await db.schema
    .createIndex('job_postings_job_idx')
    .ifNotExists()
    .on('job_postings')
    .column('job_id')
    .execute()

  await db.schema
    .createTable('job_matches')
    .ifNotExists()
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('location_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('first_matched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_matches_pk', ['job_id', 'title_key', 'location_key'])
    .execute()
  await db.schema
    .createIndex('job_matches_combination_idx')
    .ifNotExists()
    .on('job_matches')
    .columns(['title_key', 'location_key', 'job_id'])
    .execute()

  await db.schema
    .createTable('user_job_state')
    .ifNotExists()
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('match_score', 'double precision')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_job_state_pk', ['user_id', 'job_id'])
    .execute()
  await db.schema
    .createIndex('user_job_state_user_state_idx')
    .ifNotExists()
    .on('user_job_state')
    .columns(['user_id', 'state'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['user_job_state', 'job_matches', 'job_postings', 'jobs']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
