import type { AppConfig } from '../core/config/config'
import { withApp } from './app-client'
import type { CliIo } from './io'

/**
 * `job-monitor migrate`: says what the opening of the database applied, or that nothing had to be —
 * the app, the server and every command migrate on start the same way, and refuse a newer database.
 */
export async function migrateCommand(config: AppConfig, io: CliIo): Promise<void> {
  const { database } = await withApp(config, io, (app) => app.call('system/get-status'))
  io.out(`Database: ${database.location} (${database.dialect})`)
  const applied = database.appliedOnOpen
  if (applied.length === 0) {
    io.out(`Up to date: all ${database.migrations} migrations were already applied; nothing to do.`)
    return
  }
  io.out(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`)
  for (const name of applied) io.out(`  ✓ ${name}`)
  io.out(`Schema is at ${database.latest} (${database.migrations} of ${database.known}).`)
}
