import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResult,
  Migrator,
  sql,
} from 'kysely'
import { MIGRATIONS } from '../../../../migrations'
import { UserError } from '../errors'
import type { DbHandle } from './open'

/** Migrations come from code, not from a folder: a bundled main process has no loose files. */
class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Readonly<Record<string, Migration>>) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.migrations }
  }
}

export interface MigrateOutcome {
  /** Migrations this call applied, in order; empty when the database was up to date. */
  applied: string[]
  /** Every migration the database has now. */
  current: string[]
}

export function knownMigrations(migrations = MIGRATIONS): string[] {
  return Object.keys(migrations).sort()
}

/**
 * Applies every pending migration. Refuses first, changing nothing, when the database was migrated by a
 * newer Job Monitor. A failing migration stops the chain: on PostgreSQL the whole batch is rolled back
 * (DDL is transactional there); on SQLite the migrations before it stay, and every statement is written to
 * be re-run (`if not exists`), so fixing the cause and migrating again is safe on both.
 */
export async function migrateToLatest(handle: DbHandle, migrations = MIGRATIONS): Promise<MigrateOutcome> {
  await assertOurDatabase(handle, migrations)
  await assertSchemaNotNewer(handle, migrations)
  const migrator = new Migrator({
    db: handle.db,
    provider: new StaticMigrationProvider(migrations),
    // Kysely looks for its bookkeeping tables in every schema unless told which one; with several
    // databases side by side in one PostgreSQL (schemas via search_path), it must be ours.
    ...(handle.dialect === 'postgres' ? { migrationTableSchema: await currentSchema(handle) } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
  if (error) {
    const failed =
      (results ?? []).find((r: MigrationResult) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new UserError(
      `Migration ${failed} failed on ${handle.location}: ${(error as Error).message ?? error}. Fix the cause and run "job-monitor migrate" again.`,
      'db.migration-failed',
      { cause: error },
    )
  }
  return { applied, current: await appliedMigrations(handle.db) }
}

/** Names recorded in Kysely's migration table; empty for a new database. */
// biome-ignore lint/suspicious/noExplicitAny: reads Kysely's own bookkeeping table, outside our schema
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  try {
    const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute()
    return rows.map((r: { name: string }) => r.name)
  } catch (error) {
    if (isMissingTable(error)) return []
    throw error
  }
}

/**
 * Refuses, before anything is written, a database that has tables but is not a Job Monitor one: another
 * application's SQLite file or PostgreSQL schema would otherwise get our tables added beside its own.
 */
export async function assertOurDatabase(handle: DbHandle, migrations = MIGRATIONS): Promise<void> {
  const tables = await tableNames(handle)
  if (tables.length === 0) return
  const applied = tables.includes('kysely_migration') ? await appliedMigrations(handle.db) : []
  if (applied.some((name) => name in migrations)) return
  const theirs = tables.filter((t) => !t.startsWith('kysely_'))
  // A first migration that failed half-way: Kysely's own table is there, and only tables of ours.
  if (tables.includes('kysely_migration') && applied.length === 0 && theirs.every((t) => OUR_TABLES.has(t)))
    return
  const shown = theirs.slice(0, 3).join(', ') + (theirs.length > 3 ? ', …' : '')
  throw new UserError(
    `${handle.location} holds another application's tables (${shown || 'kysely_migration'}) and is not a Job Monitor database; nothing was changed. Point DATABASE_URL at a new file or an empty database.`,
    'db.not-ours',
  )
}

const OUR_TABLES: ReadonlySet<string> = new Set([
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
  'daily_marks',
  'locks',
])

async function tableNames(handle: DbHandle): Promise<string[]> {
  const query =
    handle.dialect === 'postgres'
      ? sql<{
          name: string
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`
      : sql<{
          name: string
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
  const { rows } = await query.execute(handle.db)
  return rows.map((r) => r.name).sort()
}

export async function assertSchemaNotNewer(handle: DbHandle, migrations = MIGRATIONS): Promise<void> {
  const known = new Set(Object.keys(migrations))
  const unknown = (await appliedMigrations(handle.db)).filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new UserError(
      `The database at ${handle.location} was set up by a newer Job Monitor (migration ${unknown.at(-1)}): update Job Monitor, or point DATABASE_URL at another database.`,
      'db.schema-too-new',
    )
  }
}

/** True when every known migration is applied; used by commands that must not run on an old schema. */
export async function pendingMigrations(handle: DbHandle, migrations = MIGRATIONS): Promise<string[]> {
  const done = new Set(await appliedMigrations(handle.db))
  return knownMigrations(migrations).filter((name) => !done.has(name))
}

async function currentSchema(handle: DbHandle): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db)
  return rows[0]?.schema ?? 'public'
}

function isMissingTable(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  return e.code === '42P01' || /no such table/i.test(e.message ?? '')
}

/** For tests and diagnostics: the SQLite/PostgreSQL server version string. */
export async function serverVersion(handle: DbHandle): Promise<string> {
  const query =
    handle.dialect === 'postgres'
      ? sql<{ v: string }>`select version() as v`
      : sql<{ v: string }>`select sqlite_version() as v`
  const { rows } = await query.execute(handle.db)
  return rows[0]?.v ?? 'unknown'
}
