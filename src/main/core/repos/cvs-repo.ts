import type { Kysely } from 'kysely'
import type { CvRow, Database, NewCv } from '../db/schema'

/** The stored CV with these exact bytes for this person, if they imported it before. */
export async function findCvByHash(
  db: Kysely<Database>,
  userId: number,
  sha256: string,
): Promise<CvRow | undefined> {
  return db
    .selectFrom('cvs')
    .selectAll()
    .where('user_id', '=', userId)
    .where('sha256', '=', sha256)
    .executeTakeFirst()
}

export async function insertCv(db: Kysely<Database>, cv: NewCv): Promise<CvRow> {
  return db.insertInto('cvs').values(cv).returningAll().executeTakeFirstOrThrow()
}

export async function latestCv(db: Kysely<Database>, userId: number): Promise<CvRow | undefined> {
  return db
    .selectFrom('cvs')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
}
