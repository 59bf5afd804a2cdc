import { readdirSync } from 'node:fs'
import { type Kysely, type KyselyPlugin, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../migrations'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { UserError } from '../errors'
import { appliedMigrations, knownMigrations, migrateToLatest, pendingMigrations } from './migrate'

const TABLES = [
  'users',
  'cvs',
  'user_search_queries',
  'backfill_tracking',
  'jobs',
  'job_postings',
  'job_matches',
  'user_job_state',
  'runs',
  'api_usage',
  'settings',
]

describe('the migration list', () => {
  it('names every file in migrations/, in ISO-date order', () => {
    const files = readdirSync('migrations')
      .filter((f) => /^\d{4}-\d{2}-\d{2}-.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort()
    expect(knownMigrations()).toEqual(files)
    expect(Object.keys(MIGRATIONS)).toEqual(files)
  })

  it("contains the earlier service's two hand-run migrations", () => {
    expect(knownMigrations().some((n) => n.includes('normalize-user-search-queries'))).toBe(true)
    expect(knownMigrations().some((n) => n.includes('add-backfill-tracking'))).toBe(true)
  })
})

describeEachDialect('migrations', (t) => {
  it('create every table of the data model in one chain', async () => {
    const handle = await t.fresh({ migrate: false })
    const outcome = await migrateToLatest(handle)
    expect(outcome.applied).toEqual(knownMigrations())
    const tables = (await handle.db.introspection.getTables()).map((table) => table.name)
    for (const name of TABLES) expect(tables).toContain(name)
  })

  it('do nothing when run again', async () => {
    const handle = await t.fresh()
    const again = await migrateToLatest(handle)
    expect(again.applied).toEqual([])
    expect(again.current).toEqual(knownMigrations())
    expect(await pendingMigrations(handle)).toEqual([])
  })

  it('replay a half-applied migration cleanly', async () => {
    const handle = await t.fresh({ migrate: false })
    const names = knownMigrations()
    const fourth = names[3]!
    // The fourth migration dies after three statements, as a crash or a full disk would leave it.
    const crashing = {
      ...MIGRATIONS,
      // biome-ignore lint/suspicious/noExplicitAny: migrations take an untyped Kysely
      [fourth]: { up: (db: Kysely<any>) => MIGRATIONS[fourth]!.up(db.withPlugin(crashAfter(3))) },
    }
    const error = await migrateToLatest(handle, crashing).catch((e: unknown) => e)
    expect((error as UserError).code).toBe('db.migration-failed')
    expect((error as UserError).message).toContain(fourth)
    // PostgreSQL rolls the whole batch back; SQLite keeps the migrations before the one that died.
    const kept = t.dialect === 'postgres' ? [] : names.slice(0, 3)
    expect(await appliedMigrations(handle.db)).toEqual(kept)

    const outcome = await migrateToLatest(handle)
    expect(outcome.applied).toEqual(names.slice(kept.length))
    expect(await appliedMigrations(handle.db)).toEqual(names)
    const tables = (await handle.db.introspection.getTables()).map((table) => table.name)
    for (const name of TABLES) expect(tables).toContain(name)
  })

  it('bring jobs stored before 2026-12-02 into one vocabulary: employment type and ISO country', async () => {
    const handle = await t.fresh({ migrate: false })
    const before = Object.fromEntries(
      Object.entries(MIGRATIONS).filter(([name]) => name < '2026-12-02-08-one-job-vocabulary'),
    )
    await migrateToLatest(handle, before)
    const row = (n: number, employment: string | null, country: string | null) => ({
      title: `Job ${n}`,
      is_remote: 0,
      employment_type: employment,
      country,
      search_text: `job ${n}`,
      first_seen_at: '2026-11-28T06:00:00.000Z',
      last_seen_at: '2026-11-28T06:00:00.000Z',
      sort_at: '2026-11-28T06:00:00.000Z',
    })
    await handle.db
      .insertInto('jobs')
      .values([
        row(1, 'FULLTIME', 'US'),
        row(2, 'Temps complet', 'United States'),
        row(3, 'PARTTIME', 'Germany'),
        row(4, 'INTERN', null),
        row(5, 'CONTRACTOR', 'Republic of Korea'),
        row(6, 'VOLUNTEER', 'Atlantis'),
        row(7, null, 'DE'),
        // biome-ignore lint/suspicious/noExplicitAny: the table as the earlier migrations left it
      ] as any)
      .execute()
    await migrateToLatest(handle)
    await migrateToLatest(handle, { ...MIGRATIONS }) // again: nothing changes
    const jobs = await handle.db
      .selectFrom('jobs')
      .select(['title', 'employment_type', 'employment_type_text', 'country'])
      .orderBy('title')
      .execute()
    expect(jobs.map((j) => [j.employment_type, j.employment_type_text, j.country])).toEqual([
      ['full-time', 'FULLTIME', 'US'],
      ['full-time', 'Temps complet', 'US'],
      ['part-time', 'PARTTIME', 'DE'],
      ['internship', 'INTERN', null],
      ['contract', 'CONTRACTOR', 'KR'],
      ['other', 'VOLUNTEER', 'Atlantis'],
      [null, null, 'DE'],
    ])
  })

  it('refuse a database migrated by a newer Job Monitor and change nothing', async () => {
    const handle = await t.fresh()
    await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01-01-from-the-future', '2099-01-01T00:00:00.000Z')`.execute(
      handle.db,
    )
    const before = await appliedMigrations(handle.db)
    const error = await migrateToLatest(handle).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).code).toBe('db.schema-too-new')
    expect((error as UserError).message).toMatch(/newer Job Monitor.*update Job Monitor/)
    expect(await appliedMigrations(handle.db)).toEqual(before)
  })

  it('enforce the unique keys the flows rely on', async () => {
    const { db } = await t.fresh()
    const now = new Date().toISOString()
    await db
      .insertInto('users')
      .values({ email: 'a@example.com', name: null, created_at: now, updated_at: now })
      .execute()
    await expect(
      db
        .insertInto('users')
        .values({ email: 'a@example.com', name: null, created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow()
    const tracking = {
      title_key: 'data scientist',
      location_key: 'berlin',
      source: 'jsearch' as const,
      title_keyword: 'Data Scientist',
      location: 'Berlin',
      status: 'pending' as const,
      created_at: now,
      updated_at: now,
    }
    await db.insertInto('backfill_tracking').values(tracking).execute()
    await expect(db.insertInto('backfill_tracking').values(tracking).execute()).rejects.toThrow()
    await db
      .insertInto('backfill_tracking')
      .values({ ...tracking, source: 'activejobs' })
      .execute()
  })
})

/** A plugin that lets `n` statements through and fails the next one. */
function crashAfter(n: number): KyselyPlugin {
  let seen = 0
  return {
    transformQuery(args) {
      seen += 1
      if (seen > n) throw new Error('simulated crash in the middle of a migration')
      return args.node
    },
    async transformResult(args) {
      return args.result
    },
  }
}
