import { type Kysely, sql } from 'kysely'

/**
 * An index of each person's scored jobs newest first (`job_fit`: user, sort_at, job). On PostgreSQL a search
 * of a common word walks the person's own jobs in time order through it, instead of every job in the
 * database, each asked whether it is in the person's feed. Both dialects; can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists job_fit_newest_idx on job_fit (user_id, sort_at, job_id)`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists job_fit_newest_idx`.execute(db)
}
