import type { Kysely } from 'kysely'
import { comboId } from '../../../shared/domain'
import type { Database, User } from '../db/schema'
import { listQueries } from '../repos/queries-repo'
import { listUsers } from '../repos/users-repo'

/**
 * The plan rows of everyone on the database (or of one person), with whose they are and how many distinct
 * combinations they make: what sharing saves shows in the last two figures.
 */
export async function everyonesRows(db: Kysely<Database>, person?: User) {
  const users = person ? [person] : await listUsers(db)
  const rows = await listQueries(db, person?.id)
  const emails = new Map(users.map((u) => [u.id, u.email]))
  return {
    rows: rows.map((r) => ({
      id: r.id,
      email: emails.get(r.user_id) ?? String(r.user_id),
      title: r.title_keyword,
      location: r.location,
      priority: Number(r.priority),
      active: Number(r.is_active) === 1,
      workArrangement: r.ai_work_arrangement,
    })),
    people: new Set(rows.map((r) => r.user_id)).size,
    combinations: new Set(rows.map((r) => comboId(r.title_key, r.location_key))).size,
  }
}
