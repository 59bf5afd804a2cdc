import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe } from 'vitest'
import type { DialectName } from '../../src/main/core/db/dialect'
import { migrateToLatest } from '../../src/main/core/db/migrate'
import { type DbHandle, openDatabase } from '../../src/main/core/db/open'

export const PG_URL = process.env.TEST_DATABASE_URL

export interface TestDatabase {
  dialect: DialectName
  /** A new, empty database (a SQLite file, or a PostgreSQL schema of its own); closed and removed after the file. */
  fresh(options?: { migrate?: boolean }): Promise<DbHandle & { url: string }>
}

/**
 * Runs one suite on SQLite and on PostgreSQL. Without TEST_DATABASE_URL the PostgreSQL half is
 * reported as skipped, with the reason in its name.
 */
export function describeEachDialect(name: string, suite: (t: TestDatabase) => void): void {
  describe(`${name} [sqlite]`, () => suite(sqliteDatabases()))
  if (PG_URL) {
    describe(`${name} [postgres]`, () => suite(postgresDatabases(PG_URL)))
  } else {
    describe.skip(`${name} [postgres] — skipped: TEST_DATABASE_URL is not set`, () =>
      suite(postgresDatabases('')))
  }
}

function sqliteDatabases(): TestDatabase {
  const dirs: string[] = []
  const handles: DbHandle[] = []
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close().catch(() => {})))
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  return {
    dialect: 'sqlite',
    async fresh(options) {
      const dir = mkdtempSync(join(tmpdir(), 'jm-test-'))
      dirs.push(dir)
      const url = `sqlite:${join(dir, 'test.sqlite')}`
      const handle = await openDatabase(url, { dataDir: dir })
      handles.push(handle)
      if (options?.migrate !== false) await migrateToLatest(handle)
      return Object.assign(handle, { url })
    },
  }
}

function postgresDatabases(baseUrl: string): TestDatabase {
  const handles: DbHandle[] = []
  // The schemas themselves are dropped by the global teardown, once every test file is done.
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close().catch(() => {})))
  })
  return {
    dialect: 'postgres',
    async fresh(options) {
      const schema = `jm_test_${process.env.JM_TEST_RUN ?? 'adhoc'}_${process.pid}_${randomBytes(4).toString('hex')}`
      const admin = new pg.Client({ connectionString: baseUrl })
      await admin.connect()
      try {
        await admin.query(`create schema "${schema}"`)
      } finally {
        await admin.end()
      }
      const url = withSearchPath(baseUrl, schema)
      const handle = await openDatabase(url, { dataDir: tmpdir() })
      handles.push(handle)
      if (options?.migrate !== false) await migrateToLatest(handle)
      return Object.assign(handle, { url })
    },
  }
}

/** A PostgreSQL URL whose sessions use `schema` first: each test gets its own namespace. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set('options', `-c search_path=${schema}`)
  return parsed.href
}
