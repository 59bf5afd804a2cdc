import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PG_URL } from '../../../../test/helpers/databases'
import { UserError } from '../errors'
import { parseDatabaseUrl } from './database-url'
import { openDatabase } from './open'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jm-open-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function openError(url: string | undefined, dataDir = tempDir()): Promise<UserError> {
  const error = await openDatabase(url, { dataDir, connectTimeoutMs: 3000 }).then(
    (h) => h.close().then(() => new Error('opened')),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UserError)
  expect((error as UserError).message.split('\n')).toHaveLength(1)
  return error as UserError
}

describe('DATABASE_URL', () => {
  it('defaults to the SQLite file in the data dir', () => {
    expect(parseDatabaseUrl(undefined, '/data')).toEqual({ kind: 'sqlite', path: '/data/job-monitor.sqlite' })
    expect(parseDatabaseUrl('  ', '/data')).toEqual({ kind: 'sqlite', path: '/data/job-monitor.sqlite' })
  })

  it('takes sqlite:PATH, a bare path, and postgres URLs', () => {
    expect(parseDatabaseUrl('sqlite:/x/y.db', '/data')).toEqual({ kind: 'sqlite', path: '/x/y.db' })
    expect(parseDatabaseUrl('sqlite:///x/y.db', '/data')).toEqual({ kind: 'sqlite', path: '/x/y.db' })
    expect(parseDatabaseUrl('rel.db', '/data', '/work')).toEqual({ kind: 'sqlite', path: '/work/rel.db' })
    const pg = parseDatabaseUrl('postgresql://u:secret@db.local:5432/jobs', '/data')
    expect(pg.kind).toBe('postgres')
    expect(pg.kind === 'postgres' && pg.display).toBe('postgresql://u:***@db.local:5432/jobs')
  })

  it('refuses other schemes with what to use instead', async () => {
    const error = await openError('mysql://root@localhost/jobs')
    expect(error.code).toBe('db.invalid-url')
    expect(error.message).toMatch(/not supported: use postgres:\/\//)
  })
})

describe('opening a database that cannot be used', () => {
  it('says the data dir cannot be written, and creates nothing', async () => {
    const dir = tempDir()
    const file = join(dir, 'a-file')
    writeFileSync(file, 'not a folder')
    const error = await openError(undefined, join(file, 'data'))
    expect(error.code).toBe('db.data-dir')
    expect(error.message).toMatch(/JOB_MONITOR_DATA_DIR/)
  })

  it('says a file is not a SQLite database, and leaves it as it was', async () => {
    const dir = tempDir()
    const file = join(dir, 'notes.sqlite')
    writeFileSync(file, 'these are my notes, not a database '.repeat(200))
    const error = await openError(`sqlite:${file}`)
    expect(error.code).toBe('db.not-sqlite')
    expect(existsSync(`${file}-wal`)).toBe(false)
  })

  it('says PostgreSQL is unreachable', async () => {
    const error = await openError('postgres://postgres@127.0.0.1:1/test')
    expect(error.code).toBe('db.unreachable')
    expect(error.message).toMatch(/Cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test/)
  })

  it.runIf(PG_URL)('says PostgreSQL refused the login', async () => {
    const url = new URL(PG_URL!)
    url.username = 'no_such_role_jm'
    url.password = 'wrong'
    const error = await openError(url.href)
    expect(error.code).toBe('db.credentials')
    expect(error.message).not.toContain('wrong')
    expect(error.message).toMatch(/fix the user name and password/)
  })

  it.runIf(PG_URL)('says the PostgreSQL database does not exist', async () => {
    const url = new URL(PG_URL!)
    url.pathname = '/no_such_database_jm'
    const error = await openError(url.href)
    expect(error.code).toBe('db.no-database')
  })
})
