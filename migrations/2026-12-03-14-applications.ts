import { type Kysely, sql } from 'kysely'
import { addIdColumn, dialectOf } from './helpers'

/**
 * A record of applications:
 * - `user_job_state.note`: a person's note on a job ("spoke to Anna, second round on Friday");
 * - `application_events`: each step of an application — applied, interviewing, offer, rejected, withdrawn —
 *   with the day it happened (`on_date`, YYYY-MM-DD, as the person gives it) and when it was written down.
 *   The jobs already marked applied get their step, dated the day they were marked.
 * Can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  const columns = await sql<{ name: string }>`${
    dialect === 'postgres'
      ? sql`select column_name as name from information_schema.columns where table_name = 'user_job_state' and table_schema = current_schema()`
      : sql`select name from pragma_table_info('user_job_state')`
  }`.execute(db)
  if (!columns.rows.some((r) => r.name === 'note'))
    await db.schema.alterTable('user_job_state').addColumn('note', 'text').execute()

  await addIdColumn(db.schema.createTable('application_events').ifNotExists(), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('application_events_person_idx')
    .ifNotExists()
    .on('application_events')
    .columns(['user_id', 'job_id', 'on_date'])
    .execute()

  await sql`
    insert into application_events (user_id, job_id, state, on_date, recorded_at)
    select s.user_id, s.job_id, 'applied', substr(s.updated_at, 1, 10), s.updated_at
    from user_job_state s
    where s.state = 'applied'
      and not exists (
        select 1 from application_events e where e.user_id = s.user_id and e.job_id = s.job_id
      )`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('application_events').ifExists().execute()
  await db.schema.alterTable('user_job_state').dropColumn('note').execute()
}
