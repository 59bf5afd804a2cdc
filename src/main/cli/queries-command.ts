import type { AppConfig } from '../core/config/config'
import { withApp } from './app-client'
import type { CliIo } from './io'

/** `job-monitor queries [--email E]`: the plan rows, one a line. */
export async function queriesCommand(
  config: AppConfig,
  options: { email?: string },
  io: CliIo,
): Promise<void> {
  const { rows, people, combinations } = await withApp(
    config,
    io,
    (app) => app.call('plan/list-rows', { email: options.email }),
    { readOnly: true },
  )
  if (rows.length === 0) {
    io.out('No search plan yet: import a CV with "job-monitor cv add FILE --email E".')
    return
  }
  io.out(
    `${'id'.padStart(4)}  ${'person'.padEnd(26)} ${'title'.padEnd(28)} ${'location'.padEnd(18)} prio  active  arrangement`,
  )
  for (const row of rows) {
    io.out(
      `${String(row.id).padStart(4)}  ${row.email.padEnd(26)} ${row.title.padEnd(28)} ${row.location.padEnd(18)} ${String(row.priority).padStart(4)}  ${row.active ? 'yes' : 'no '}     ${row.workArrangement ?? '—'}`,
    )
  }
  io.out(
    `${rows.length} rows for ${people} ${people === 1 ? 'person' : 'people'}, ${combinations} unique combinations.`,
  )
}
