import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { appliedMigrations, knownMigrations } from '../../src/main/core/db/migrate'
import { cli } from '../helpers/cli'
import { describeEachDialect, PG_URL } from '../helpers/databases'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jm-cli-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describeEachDialect('job-monitor migrate', (t) => {
  it('applies every migration and prints them, then says the database is up to date', async () => {
    const { url } = await t.fresh({ migrate: false })
    const first = await cli(['migrate'], { DATABASE_URL: url, JOB_MONITOR_DATA_DIR: tempDir() })
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toContain(`Applied ${knownMigrations().length} migrations:`)
    for (const name of knownMigrations()) expect(first.stdout).toContain(`✓ ${name}`)

    const second = await cli(['migrate'], { DATABASE_URL: url, JOB_MONITOR_DATA_DIR: tempDir() })
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/Up to date: all \d+ migrations were already applied; nothing to do\./)
  })

  it('refuses a database with a newer schema, in one line, and changes nothing', async () => {
    const handle = await t.fresh()
    await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01-01-future', '2099-01-01T00:00:00.000Z')`.execute(
      handle.db,
    )
    const before = await appliedMigrations(handle.db)
    const result = await cli(['migrate'], { DATABASE_URL: handle.url, JOB_MONITOR_DATA_DIR: tempDir() })
    expect(result.code).not.toBe(0)
    expect(result.stderr.split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^job-monitor: The database at .* was set up by a newer Job Monitor/)
    expect(await appliedMigrations(handle.db)).toEqual(before)
  })
})

describe('job-monitor migrate on bad input', () => {
  it('uses the SQLite file in the data dir by default', async () => {
    const dataDir = join(tempDir(), 'nested', 'data')
    const result = await cli(['migrate'], { JOB_MONITOR_DATA_DIR: dataDir })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(join(dataDir, 'job-monitor.sqlite'))
    expect(existsSync(join(dataDir, 'job-monitor.sqlite'))).toBe(true)
  })

  it.each([
    [
      'an unsupported scheme',
      { DATABASE_URL: 'mysql://root@localhost/jobs' },
      /scheme "mysql:" is not supported/,
    ],
    ['a PostgreSQL URL without a host', { DATABASE_URL: 'postgres://' }, /names no PostgreSQL host/],
    [
      'an unreachable PostgreSQL',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' },
      /Cannot reach PostgreSQL/,
    ],
    ['a bad time zone', { JOB_MONITOR_TIMEZONE: 'Mars/Olympus' }, /Invalid JOB_MONITOR_TIMEZONE/],
  ])('fails in one line on %s', async (_, env, message) => {
    const dataDir = tempDir()
    const result = await cli(['migrate'], { JOB_MONITOR_DATA_DIR: dataDir, ...env })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
    expect(existsSync(join(dataDir, 'job-monitor.sqlite'))).toBe(false)
  })

  it('fails in one line when the data dir cannot be written, and creates nothing', async () => {
    const file = join(tempDir(), 'plain-file')
    writeFileSync(file, 'x')
    const result = await cli(['migrate'], { JOB_MONITOR_DATA_DIR: join(file, 'data') })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^job-monitor: Cannot create the data folder .*JOB_MONITOR_DATA_DIR/)
  })

  it.runIf(PG_URL)(
    'fails in one line on wrong PostgreSQL credentials, without echoing the password',
    async () => {
      const url = new URL(PG_URL!)
      url.username = 'no_such_role_jm'
      url.password = 's3cret'
      const result = await cli(['migrate'], { DATABASE_URL: url.href, JOB_MONITOR_DATA_DIR: tempDir() })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/refused the login.*fix the user name and password in DATABASE_URL/)
      expect(result.stderr).not.toContain('s3cret')
    },
  )

  it('reads DATABASE_URL from a .env file in the working directory; the environment wins', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, '.env'), `DATABASE_URL=sqlite:${join(cwd, 'from-dotenv.sqlite')}\n`)
    const fromFile = await cli(['migrate'], { JOB_MONITOR_DATA_DIR: cwd }, cwd)
    expect(fromFile.stdout).toContain('from-dotenv.sqlite')
    const fromEnv = await cli(
      ['migrate'],
      { JOB_MONITOR_DATA_DIR: cwd, DATABASE_URL: join(cwd, 'env.sqlite') },
      cwd,
    )
    expect(fromEnv.stdout).toContain('env.sqlite')
  })
})

describe('the job-monitor process', () => {
  it('exits non-zero with one line on stderr, as run from npm', async () => {
    const run = promisify(execFile)
    const error = await run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'migrate'], {
      env: { ...process.env, DATABASE_URL: 'mysql://x', JOB_MONITOR_DATA_DIR: tempDir() },
    }).catch((e: { code: number; stderr: string }) => e)
    expect(error).toMatchObject({ code: 1 })
    expect((error as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1)
  })

  it('prints its version and help', async () => {
    expect((await cli(['--version'], {})).stdout).toBe('0.1.0')
    const help = await cli(['--help'], {})
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('migrate')
  })
})
