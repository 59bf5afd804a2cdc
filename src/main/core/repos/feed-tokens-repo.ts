import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Clock, isoNow } from '../clock'
import type { Database } from '../db/schema'

/** The stored form of a feed token: its SHA-256, so the database never holds an address that works. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A person's current feed address, without its token (which only its making shows). */
export interface FeedAddress {
  createdAt: string
  lastUsedAt: string | null
}

/** Makes a new private feed token for a person (32 random bytes), revoking the one before. */
export async function newFeedToken(db: Kysely<Database>, userId: number, clock: Clock): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const now = isoNow(clock)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('feed_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute()
    await trx
      .insertInto('feed_tokens')
      .values({ user_id: userId, token_hash: tokenHash(token), created_at: now })
      .execute()
  })
  return token
}

/** Revokes a person's feed address; true when there was one. */
export async function revokeFeedToken(db: Kysely<Database>, userId: number, clock: Clock): Promise<boolean> {
  const result = await db
    .updateTable('feed_tokens')
    .set({ revoked_at: isoNow(clock) })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function currentFeedAddress(db: Kysely<Database>, userId: number): Promise<FeedAddress | null> {
  const row = await db
    .selectFrom('feed_tokens')
    .select(['created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return row ? { createdAt: row.created_at, lastUsedAt: row.last_used_at } : null
}

/** Whose feed a token opens (a token that was revoked, or never made, opens none), noting the read. */
export async function personOfFeedToken(
  db: Kysely<Database>,
  token: string,
  clock: Clock,
): Promise<number | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined
  const hash = tokenHash(token)
  const row = await db
    .selectFrom('feed_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  await db
    .updateTable('feed_tokens')
    .set({ last_used_at: isoNow(clock) })
    .where('id', '=', row.id)
    .execute()
  return row.user_id
}
