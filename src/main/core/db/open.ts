import { accessSync, constants, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { PRIVATE_DIR, restrict } from '../config/private-files'
import { UserError } from '../errors'
import { type DatabaseTarget, parseDatabaseUrl } from './database-url'
import type { DialectName } from './dialect'
import type { Database } from './schema'

export interface DbHandle {
  db: Kysely<Database>
  dialect: DialectName
  /** Where the data lives, without secrets: a file path or a redacted URL. */
  location: string
  /** A SQLite file that did not exist and was created by this open. */
  created?: boolean
  /** Opened read-only (a file this user cannot write): reading works, writing fails. */
  readOnly?: boolean
  /** One-line messages about how the database was opened, for the person (a gone file re-created). */
  notices?: string[]
  /** The migrations applied when the app opened it (none when it was up to date). */
  appliedOnOpen?: string[]
  close(): Promise<void>
}

export interface OpenOptions {
  dataDir: string
  /** Fail a PostgreSQL connection attempt after this long (default 5 s). */
  connectTimeoutMs?: number
  /** Where better-sqlite3's native module lives when it is not the Node build (Electron). */
  sqliteNativeBinding?: string
  /** A SQLite file that cannot be written is opened read-only instead of refused (commands that only read). */
  readOnlyFallback?: boolean
}

/**
 * Opens the database `DATABASE_URL` names and proves the connection works, so a wrong URL, an unreachable
 * server or bad credentials surface here as one sentence, not later as a stack trace.
 */
export async function openDatabase(url: string | undefined, options: OpenOptions): Promise<DbHandle> {
  const target = parseDatabaseUrl(url, options.dataDir)
  return target.kind === 'sqlite' ? openSqlite(target.path, options) : openPostgres(target, options)
}

function openSqlite(path: string, options: OpenOptions): DbHandle {
  const existed = path === ':memory:' || existsSync(path)
  if (path !== ':memory:') ensureWritableDir(dirname(path))
  let native: SqliteDatabase.Database
  const binding = options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}
  if (existed && path !== ':memory:' && options.readOnlyFallback && !writable(path)) {
    try {
      native = new SqliteDatabase(path, { ...binding, readonly: true, fileMustExist: true })
      native.pragma('busy_timeout = 5000')
    } catch (error) {
      throw sqliteOpenError(path, error)
    }
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(native) }) })
    return { db, dialect: 'sqlite', location: path, readOnly: true, close: () => db.destroy() }
  }
  try {
    native = new SqliteDatabase(path, binding)
    // A database this open created holds CVs and emails: its owner's only (the WAL files follow it).
    if (!existed) restrict(path)
    native.pragma('journal_mode = WAL')
    native.pragma('foreign_keys = ON')
    native.pragma('busy_timeout = 5000')
    // WAL + NORMAL is durable across application crashes; only a power loss can drop the last commits.
    native.pragma('synchronous = NORMAL')
    // Checkpoint (and fsync) every ~40 MB of log rather than every 4 MB: a backfill commits a page of
    // 100 jobs (~0.5 MB) at a time, and the default made those fsyncs half of its time. The log is cut
    // back to 64 MB after each checkpoint.
    native.pragma('wal_autocheckpoint = 10000')
    native.pragma('journal_size_limit = 67108864')
  } catch (error) {
    throw sqliteOpenError(path, error)
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(native) }) })
  return { db, dialect: 'sqlite', location: path, created: !existed, close: () => db.destroy() }
}

/** Whether this process may write the file and the folder beside it (SQLite writes its WAL there). */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    accessSync(dirname(path), constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Kysely prepares every query afresh; a page upsert runs the same few statements (a 100-row INSERT has
 * 2,400 parameters) a thousand times in a backfill. Reusing prepared statements saves that work. Kysely
 * runs one statement at a time per connection and never iterates one, so sharing them is safe.
 */
function withStatementCache(native: SqliteDatabase.Database, size = 128) {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => native.close(),
    prepare(text: string): SqliteDatabase.Statement {
      // Every transaction here writes. A deferred BEGIN takes its write lock only at the first write, and
      // when another process holds it then, SQLite fails at once ("database is locked") instead of waiting
      // out busy_timeout. BEGIN IMMEDIATE takes the lock up front, so a second process simply waits.
      const sql = text === 'begin' ? 'begin immediate' : text
      let statement = cache.get(sql)
      if (statement) {
        cache.delete(sql)
      } else {
        statement = native.prepare(sql)
        if (cache.size >= size) cache.delete(cache.keys().next().value!)
      }
      cache.set(sql, statement)
      return statement
    },
  }
}

function ensureWritableDir(dir: string): void {
  try {
    // A folder made here is private; one that exists (a shared folder someone chose) keeps its modes.
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new UserError(
      `Cannot create the data folder ${dir} (${code}): set JOB_MONITOR_DATA_DIR or DATABASE_URL to a folder you can write.`,
      'db.data-dir',
      { cause: error },
    )
  }
}

function sqliteOpenError(path: string, error: unknown): UserError {
  const code = (error as { code?: string }).code ?? ''
  if (code === 'SQLITE_NOTADB') {
    return new UserError(
      `${path} is not a SQLite database: point DATABASE_URL at a Job Monitor database or at a new file.`,
      'db.not-sqlite',
      { cause: error },
    )
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_IOERR') {
    return new UserError(
      `Cannot open ${path} for writing (${code}): set JOB_MONITOR_DATA_DIR or DATABASE_URL to a file you can write.`,
      'db.data-dir',
      { cause: error },
    )
  }
  return new UserError(
    `Cannot open the SQLite database ${path}: ${(error as Error).message}.`,
    'db.open-failed',
    {
      cause: error,
    },
  )
}

async function openPostgres(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  options: OpenOptions,
): Promise<DbHandle> {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    max: 10,
  })
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {})
  // The app's queries read one page each; JIT compiling them (from a plan cost of 100,000) took 22.6 ms of
  // a 165 ms search walk at 200,000 jobs (EXPLAIN ANALYZE) and never pays back on a page.
  pool.on('connect', (client) => {
    client.query('set jit = off').catch(() => {})
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  try {
    await sql`select 1`.execute(db)
  } catch (error) {
    await db.destroy().catch(() => {})
    throw postgresOpenError(target.display, error)
  }
  return { db, dialect: 'postgres', location: target.display, close: () => db.destroy() }
}

/** Maps a failed first connection to the one sentence a person needs. */
export function postgresOpenError(where: string, error: unknown): UserError {
  const e = error as { code?: string; message?: string }
  const code = e.code ?? ''
  const message = e.message ?? String(error)
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code) ||
    /timeout/i.test(message)
  ) {
    return new UserError(
      `Cannot reach PostgreSQL at ${where} (${code || 'timeout'}): start the server or fix the host and port in DATABASE_URL.`,
      'db.unreachable',
      { cause: error },
    )
  }
  if (code === '28P01' || code === '28000') {
    return new UserError(
      `PostgreSQL at ${where} refused the login (${message}): fix the user name and password in DATABASE_URL.`,
      'db.credentials',
      { cause: error },
    )
  }
  if (code === '3D000') {
    return new UserError(
      `PostgreSQL at ${where} has no such database (${message}): create it with createdb or fix DATABASE_URL.`,
      'db.no-database',
      { cause: error },
    )
  }
  return new UserError(`Cannot use PostgreSQL at ${where}: ${message}.`, 'db.open-failed', { cause: error })
}
