import { readLocalSettings } from './app/local-store'
import { type Clock, systemClock } from './clock'
import type { AppConfig } from './config/config'
import { migrateToLatest } from './db/migrate'
import { type DbHandle, openDatabase } from './db/open'
import { ensureDemoData } from './demo/demo-seed'

/**
 * The database as the app uses it: opened, checked not to be newer than this build, and migrated.
 * The desktop app, the headless server and every CLI command but `migrate` start here, and refuse to
 * go on when any step fails.
 */
export async function openAppDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & { demo?: boolean },
  options: { sqliteNativeBinding?: string; clock?: Clock } = {},
): Promise<DbHandle> {
  // The environment wins; then the database chosen in the app's settings; then the local file.
  const url = config.databaseUrl ?? readLocalSettings(config.dataDir).databaseUrl ?? undefined
  const handle = await openDatabase(url, {
    dataDir: config.dataDir,
    sqliteNativeBinding: options.sqliteNativeBinding,
  })
  try {
    await migrateToLatest(handle)
    if (config.demo) await ensureDemoData(handle, config.dataDir, options.clock ?? systemClock)
  } catch (error) {
    await handle.close().catch(() => {})
    throw error
  }
  return handle
}
