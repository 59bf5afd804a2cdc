import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { namesDatabaseInFull, parseDatabaseUrl } from '../db/database-url'
import { appliedMigrations, knownMigrations } from '../db/migrate'
import { openDatabase } from '../db/open'
import { errorMessage } from '../errors'

export interface ConnectionCheck {
  ok: boolean
  dialect: 'sqlite' | 'postgres' | null
  message: string
}

/**
 * Tries a database the person typed in Settings without switching to it or changing it: connects, reads
 * which migrations it has, and closes. A SQLite file that does not exist yet is not created.
 */
export async function checkDatabase(url: string, dataDir: string): Promise<ConnectionCheck> {
  let target: ReturnType<typeof parseDatabaseUrl>
  try {
    target = parseDatabaseUrl(url, dataDir)
  } catch (error) {
    return { ok: false, dialect: null, message: errorMessage(error) }
  }
  if (!namesDatabaseInFull(url)) {
    return {
      ok: false,
      dialect: null,
      message: `"${url.trim()}" is neither a PostgreSQL URL nor the full path of a SQLite file: use postgres://user:password@host:5432/database or /path/to/jobs.sqlite.`,
    }
  }
  if (target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    try {
      accessSync(dirname(target.path), constants.W_OK)
    } catch {
      return {
        ok: false,
        dialect: 'sqlite',
        message: `Cannot create ${target.path}: the folder does not exist or is not writable; choose another place.`,
      }
    }
    return { ok: true, dialect: 'sqlite', message: `A new database file will be created at ${target.path}.` }
  }
  try {
    const handle = await openDatabase(url, { dataDir, connectTimeoutMs: 5000 })
    try {
      const applied = await appliedMigrations(handle.db)
      const known = new Set(knownMigrations())
      const newer = applied.filter((name) => !known.has(name))
      const where = handle.location
      if (newer.length > 0) {
        return {
          ok: false,
          dialect: handle.dialect,
          message: `${where} was set up by a newer Job Monitor: update this app before using it.`,
        }
      }
      if (applied.length === 0) {
        return {
          ok: true,
          dialect: handle.dialect,
          message: `Connected to ${where}: it is empty, and Job Monitor will create its tables on the next start.`,
        }
      }
      const people = await handle.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst()
        .catch(() => undefined)
      const count = Number(people?.n ?? 0)
      return {
        ok: true,
        dialect: handle.dialect,
        message: `Connected to ${where}: a Job Monitor database with ${count} ${count === 1 ? 'person' : 'people'}${applied.length < known.size ? ', to be updated on the next start' : ''}.`,
      }
    } finally {
      await handle.close()
    }
  } catch (error) {
    return { ok: false, dialect: target.kind, message: errorMessage(error) }
  }
}
