import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Clock, systemClock } from '../clock'
import type { AppConfig } from '../config/config'
import { readLocalSettings } from '../config/local-settings'
import { PRIVATE_FILE } from '../config/private-files'
import { assertOurDatabase, migrateToLatest, pendingMigrations } from '../db/migrate'
import { type DbHandle, openDatabase } from '../db/open'
import { ensureDemoData } from '../demo/demo-seed'
import { UserError } from '../errors'

/**
 * The database as the app uses it: opened, checked not to be newer than this build, and migrated.
 * The desktop app, the headless server and every CLI command but `migrate` start here, and refuse to
 * go on when any step fails.
 */
export async function openAppDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & { demo?: boolean },
  options: {
    sqliteNativeBinding?: string
    clock?: Clock
    readOnlyFallback?: boolean
    /** The database chosen in Settings, its password decrypted (runtime.ts); else read from the file. */
    savedUrl?: string
    /** Open the local file, whatever Settings chose (the chosen one could not be opened). */
    ignoreSaved?: boolean
  } = {},
): Promise<DbHandle> {
  // The environment wins; then the database chosen in the app's settings; then the local file.
  const url =
    config.databaseUrl ??
    (options.ignoreSaved
      ? undefined
      : (options.savedUrl ?? readLocalSettings(config.dataDir).databaseUrl ?? undefined))
  const handle = await openDatabase(url, {
    dataDir: config.dataDir,
    sqliteNativeBinding: options.sqliteNativeBinding,
    readOnlyFallback: options.readOnlyFallback,
  })
  const notices: string[] = []
  try {
    if (handle.readOnly) {
      const pending = await pendingMigrations(handle)
      if (pending.length > 0) {
        throw new UserError(
          `${handle.location} is read-only and was made by an older Job Monitor: open it once with write access so it can be updated.`,
          'db.read-only-old',
        )
      }
      await assertOurDatabase(handle)
      notices.push(`${handle.location} is read-only: showing what it holds; changing it needs write access.`)
    } else {
      handle.appliedOnOpen = (await migrateToLatest(handle)).applied
      if (handle.dialect === 'sqlite' && handle.location !== ':memory:') {
        // A file this data folder has used before and that is gone now: say so once, do not start over silently.
        if (handle.created && knownDatabases(config.dataDir).includes(handle.location))
          notices.push(`${handle.location} was not found; a new empty database was created there.`)
        rememberDatabase(config.dataDir, handle.location)
      }
    }
    if (config.demo) await ensureDemoData(handle, config.dataDir, options.clock ?? systemClock)
  } catch (error) {
    await handle.close().catch(() => {})
    throw error
  }
  handle.notices = notices
  return handle
}

const KNOWN_FILE = 'known-databases.json'

function knownDatabases(dataDir: string): string[] {
  try {
    const list = JSON.parse(readFileSync(join(dataDir, KNOWN_FILE), 'utf8')) as unknown
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : []
  } catch {
    return []
  }
}

function rememberDatabase(dataDir: string, path: string): void {
  const known = knownDatabases(dataDir)
  if (known.includes(path)) return
  try {
    writeFileSync(join(dataDir, KNOWN_FILE), `${JSON.stringify([...known, path], null, 2)}\n`, {
      mode: PRIVATE_FILE,
    })
  } catch {
    // Only the "was not found" notice depends on it.
  }
}
