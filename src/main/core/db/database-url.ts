import { isAbsolute, join, resolve } from 'node:path'
import { UserError } from '../errors'

export type DatabaseTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connectionString: string; display: string }

export const SQLITE_FILE_NAME = 'job-monitor.sqlite'

const USAGE = 'use postgres://user:password@host:5432/database, a file path, or sqlite:PATH'

/**
 * `DATABASE_URL` → where the data lives. Empty means the SQLite file in the data dir; `postgres://` and
 * `postgresql://` mean PostgreSQL; `sqlite:PATH` or a bare path mean SQLite; any other scheme is refused.
 */
export function parseDatabaseUrl(
  url: string | undefined,
  dataDir: string,
  cwd = process.cwd(),
): DatabaseTarget {
  const value = url?.trim()
  if (!value) return { kind: 'sqlite', path: join(dataDir, SQLITE_FILE_NAME) }

  if (/^postgres(ql)?:\/\//i.test(value)) {
    let parsed: URL
    try {
      parsed = new URL(value)
    } catch {
      throw new UserError(`DATABASE_URL is not a valid PostgreSQL URL: ${USAGE}.`, 'db.invalid-url')
    }
    if (!parsed.hostname) {
      throw new UserError(`DATABASE_URL names no PostgreSQL host: ${USAGE}.`, 'db.invalid-url')
    }
    return { kind: 'postgres', connectionString: value, display: redact(parsed) }
  }

  if (/^sqlite:/i.test(value)) {
    const rest = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (!rest) throw new UserError(`DATABASE_URL "sqlite:" names no file: ${USAGE}.`, 'db.invalid-url')
    return { kind: 'sqlite', path: rest === ':memory:' ? rest : toAbsolute(rest, cwd) }
  }

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)
  if (scheme) {
    throw new UserError(`DATABASE_URL scheme "${scheme[1]}:" is not supported: ${USAGE}.`, 'db.invalid-url')
  }
  return { kind: 'sqlite', path: value === ':memory:' ? value : toAbsolute(value, cwd) }
}

/**
 * Whether a database typed in Settings is named in full: a PostgreSQL URL, `:memory:`, or the full path of a
 * SQLite file (with or without `sqlite:`). A bare word ("not a url") is a typo, never a file beside the app;
 * `~` is not expanded here, so it is not a full path either.
 */
export function namesDatabaseInFull(url: string): boolean {
  const typed = url.trim().replace(/^sqlite:/i, '')
  return /^postgres(ql)?:\/\//i.test(typed) || typed === ':memory:' || isAbsolute(typed)
}

function toAbsolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/** The URL without its password, for messages and logs. */
export function redact(url: URL): string {
  const copy = new URL(url.href)
  if (copy.password) copy.password = '***'
  copy.search = ''
  return copy.href
}
