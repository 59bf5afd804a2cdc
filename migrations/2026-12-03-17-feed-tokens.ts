import type { Kysely } from 'kysely'
import { addIdColumn, dialectOf } from './helpers'

/**
 * A person's private feed address (Atom, served by `job-monitor serve`): `feed_tokens` keeps the SHA-256
 * of each address's token — never the token — when it was made, last read, and revoked. Making a new
 * address revokes the old one.
 * Can be re-run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await addIdColumn(db.schema.createTable('feed_tokens').ifNotExists(), dialectOf(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema
    .createIndex('feed_tokens_user_idx')
    .ifNotExists()
    .on('feed_tokens')
    .columns(['user_id', 'revoked_at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feed_tokens').ifExists().execute()
}
