import type { AppConfig } from '../core/config/config'
import { knownMigrations, migrateToLatest } from '../core/db/migrate'
import { openDatabase } from '../core/db/open'
import type { CliIo } from './io'

/** `job-monitor migrate`: applies what is pending and says what ran, or that nothing had to. */
export async function migrateCommand(config: AppConfig, io: CliIo): Promise<void> {
  const handle = await openDatabase(config.databaseUrl, { dataDir: config.dataDir })
  try {
    const { applied, current } = await migrateToLatest(handle)
    io.out(`Database: ${handle.location} (${handle.dialect})`)
    if (applied.length === 0) {
      io.out(`Up to date: all ${current.length} migrations were already applied; nothing to do.`)
      return
    }
    io.out(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`)
    for (const name of applied) io.out(`  ✓ ${name}`)
    io.out(`Schema is at ${current.at(-1)} (${current.length} of ${knownMigrations().length}).`)
  } finally {
    await handle.close()
  }
}
