import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * Which process runs a run ("host:pid:nonce"), so a run left "running" by a process that was killed can be
 * taken over at once by the next one on the same machine.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table runs add column if not exists owner text`.execute(db)
    return
  }
  // SQLite has no ADD COLUMN IF NOT EXISTS: look first, so the step can be re-run.
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info('runs')`.execute(db)
  if (rows.some((c) => c.name === 'owner')) return
  await db.schema.alterTable('runs').addColumn('owner', 'text').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('owner').execute()
}
