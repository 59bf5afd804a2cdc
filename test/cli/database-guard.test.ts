import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openAppDatabase } from '../../src/main/core/app/app-database'
import { cli } from '../helpers/cli'
import { PG_URL, withSearchPath } from '../helpers/databases'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jm-guard-'))
  dirs.push(dir)
  return dir
}

const tables = (file: string) => {
  const native = new SqliteDatabase(file, { readonly: true })
  try {
    return (
      native.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>
    )
      .map((r) => r.name)
      .sort()
  } finally {
    native.close()
  }
}

describe('a database that is not ours', () => {
  it('SQLite: another app’s file is refused in one line, and nothing is written to it', async () => {
    const dir = tempDir()
    const file = join(dir, 'other-app.sqlite')
    const native = new SqliteDatabase(file)
    native.exec(
      "create table users (id integer primary key, login text); insert into users (login) values ('x')",
    )
    native.close()
    const before = statSync(file).size
    for (const args of [
      ['migrate'],
      ['status'],
      ['cv', 'add', 'test/fixtures/cvs/en-data-scientist.txt', '--email', 'a@example.com', '--no-backfill'],
    ]) {
      const result = await cli(args, { DATABASE_URL: `sqlite:${file}`, JOB_MONITOR_DATA_DIR: dir })
      expect(result.code).not.toBe(0)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toContain(
        `${file} holds another application's tables (users) and is not a Job Monitor database; nothing was changed. Point DATABASE_URL at a new file or an empty database.`,
      )
    }
    expect(tables(file)).toEqual(['users'])
    expect(statSync(file).size).toBe(before)
  })

  it.runIf(PG_URL)(
    'PostgreSQL: a schema with another app’s tables is refused before anything is created',
    async () => {
      // Named like the suite's own schemas, so the global teardown drops it once every file is done: a schema
      // dropped while other files run breaks Kysely's catalogue introspection there.
      const schema = `jm_test_${process.env.JM_TEST_RUN ?? 'adhoc'}_${process.pid}_guard`
      const admin = new pg.Client({ connectionString: PG_URL })
      await admin.connect()
      try {
        await admin.query(`create schema "${schema}"; create table "${schema}".accounts (id int)`)
        const url = withSearchPath(PG_URL!, schema)
        await expect(openAppDatabase({ databaseUrl: url, dataDir: tempDir() })).rejects.toThrow(
          /holds another application's tables \(accounts\) and is not a Job Monitor database; nothing was changed/,
        )
        const { rows } = await admin.query(
          'select table_name from information_schema.tables where table_schema = $1 order by 1',
          [schema],
        )
        expect(rows.map((r) => r.table_name)).toEqual(['accounts'])
      } finally {
        await admin.end()
      }
    },
  )
})

describe('a SQLite file that was deleted between runs', () => {
  it('is created anew with one line that says so, once', async () => {
    const dir = tempDir()
    const env = { JOB_MONITOR_DATA_DIR: dir }
    const first = await cli(['status'], env)
    expect(first.code).toBe(0)
    expect(first.stderr).toBe('')
    const file = join(dir, 'job-monitor.sqlite')
    expect(existsSync(file)).toBe(true)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    const second = await cli(['status'], env)
    expect(second.code).toBe(0)
    expect(second.stderr).toBe(`${file} was not found; a new empty database was created there.`)
    const third = await cli(['status'], env)
    expect(third.stderr).toBe('')
  })
})

describe('a read-only SQLite file', () => {
  // Root may write any file, so the check runs as an unprivileged user where the tests run as root.
  it('can still be read by status and jobs', async () => {
    const dir = tempDir()
    const env = { JOB_MONITOR_DATA_DIR: dir }
    expect((await cli(['status'], env)).code).toBe(0)
    // A person with a plan (no source keys: nothing is fetched), so `jobs` has a feed to show.
    expect(
      (await cli(['cv', 'add', 'test/fixtures/cvs/headline-devops.txt', '--email', 'r@example.com'], env))
        .code,
    ).toBe(0)
    const file = join(dir, 'job-monitor.sqlite')
    // Leave the file as a reader finds it: checkpointed, no WAL beside it.
    const native = new SqliteDatabase(file)
    native.pragma('journal_mode = DELETE')
    // Scores out of date, as after a new day: bringing them up to date would write.
    native.exec('delete from fit_marks')
    native.close()
    chmodSync(file, 0o444)
    chmodSync(dir, 0o555)
    try {
      const result = await runAsReader(['status'], env)
      expect(result.stderr).toBe(
        `${file} is read-only: showing what it holds; changing it needs write access.`,
      )
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/combination/i)
      // The feed reads too: its fit scores are the ones stored (none are written to a read-only file).
      const jobs = await runAsReader(['jobs', '--sort', 'fit'], env)
      expect(jobs.code).toBe(0)
      expect(jobs.stdout).toMatch(/No jobs yet for r@example\.com/)
    } finally {
      chmodSync(dir, 0o755)
      chmodSync(file, 0o644)
    }
  })
})

/** Runs the CLI as user "nobody" when this process is root (root ignores file modes), else as is. */
async function runAsReader(args: string[], env: Record<string, string>) {
  if (process.getuid?.() !== 0) return cli(args, env)
  const { execFile } = await import('node:child_process')
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', ...args],
      { env: { PATH: process.env.PATH, HOME: '/tmp', ...env }, uid: 65534, gid: 65534, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr: stderr.trim(),
        }),
    )
  })
}
