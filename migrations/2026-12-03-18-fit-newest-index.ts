import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * An index of each person's scored jobs newest first (`job_fit`: user, sort_at, job). On PostgreSQL a search
 * of a common word walks the person's own jobs in time order through it, instead of every job in the
 * database, each asked whether it is in the person's feed. Both dialects; can be re-run.
 *
 * PostgreSQL also keeps a job's search vector in its row (storage MAIN) instead of the TOAST table, where
 * reading it back cost three more index lookups a job on such a walk. Jobs stored from now on are kept so;
 * jobs stored before stay where they are (rewriting them all would rebuild the GIN indexes): a walk reads
 * the newest jobs first, and those are the new ones.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists job_fit_newest_idx on job_fit (user_id, sort_at, job_id)`.execute(db)
  if (dialectOf(db) === 'postgres')
    await sql`alter table jobs alter column search_vector set storage main`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists job_fit_newest_idx`.execute(db)
  if (dialectOf(db) === 'postgres')
    await sql`alter table jobs alter column search_vector set storage extended`.execute(db)
}
