import type { Kysely } from 'kysely'
import { type Clock, isoNow } from '../clock'
import type { Database, User } from '../db/schema'

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Creates the person or updates their name; the email (case-insensitive) identifies them. */
export async function upsertUser(
  db: Kysely<Database>,
  input: { email: string; name?: string | null },
  clock: Clock,
): Promise<User> {
  const now = isoNow(clock)
  const email = normalizeEmail(input.email)
  const name = input.name?.trim() || null
  return db
    .insertInto('users')
    .values({ email, name, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet((eb) => ({
        name: name === null ? eb.ref('users.name') : name,
        updated_at: now,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst()
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('id').execute()
}

export async function markFeedVisited(db: Kysely<Database>, userId: number, clock: Clock): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_feed_visit_at: isoNow(clock) })
    .where('id', '=', userId)
    .execute()
}
