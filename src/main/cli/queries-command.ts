import type { AppConfig } from '../core/config/config'
import { listQueries } from '../core/repos/queries-repo'
import { listUsers } from '../core/repos/users-repo'
import { requireUserByEmail, withDatabase } from './context'
import type { CliIo } from './io'

/** `job-monitor queries [--email E]`: the plan rows, one a line. */
export async function queriesCommand(
  config: AppConfig,
  options: { email?: string },
  io: CliIo,
): Promise<void> {
  await withDatabase(
    config,
    io,
    async ({ db }) => {
      const users = options.email
        ? [await requireUserByEmail(db, options.email, 'queries.no-user')]
        : await listUsers(db)
      const rows = await listQueries(db, options.email ? users[0]!.id : undefined)
      const emails = new Map(users.flatMap((u) => (u ? [[u.id, u.email] as const] : [])))
      if (rows.length === 0) {
        io.out('No search plan yet: import a CV with "job-monitor cv add FILE --email E".')
        return
      }
      io.out(
        `${'id'.padStart(4)}  ${'person'.padEnd(26)} ${'title'.padEnd(28)} ${'location'.padEnd(18)} prio  active  arrangement`,
      )
      for (const row of rows) {
        io.out(
          `${String(row.id).padStart(4)}  ${(emails.get(row.user_id) ?? String(row.user_id)).padEnd(26)} ${row.title_keyword.padEnd(28)} ${row.location.padEnd(18)} ${String(row.priority).padStart(4)}  ${row.is_active ? 'yes' : 'no '}     ${row.ai_work_arrangement ?? '—'}`,
        )
      }
      const people = new Set(rows.map((r) => r.user_id)).size
      const combos = new Set(rows.map((r) => `${r.title_key}\u0000${r.location_key}`)).size
      io.out(
        `${rows.length} rows for ${people} ${people === 1 ? 'person' : 'people'}, ${combos} unique combinations.`,
      )
    },
    { readOnly: true },
  )
}
