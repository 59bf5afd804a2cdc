import type { AppConfig } from './config/config'
import { migrateToLatest } from './db/migrate'
import { type DbHandle, openDatabase } from './db/open'

/**
 * The database as the app uses it: opened, checked not to be newer than this build, and migrated.
 * The desktop app, the headless server and every CLI command but `migrate` start here, and refuse to
 * go on when any step fails.
 */
export async function openAppDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  options: { sqliteNativeBinding?: string } = {},
): Promise<DbHandle> {
  const handle = await openDatabase(config.databaseUrl, { dataDir: config.dataDir, ...options })
  try {
    await migrateToLatest(handle)
  } catch (error) {
    await handle.close().catch(() => {})
    throw error
  }
  return handle
}
