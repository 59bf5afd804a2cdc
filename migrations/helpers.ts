import {
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  PostgresAdapter,
  sql,
} from 'kysely'

/**
 * The dialect helpers the migrations use, copied here so the migrations import nothing from `src/`: a change
 * to the app's own helpers can never change what a released migration does. Frozen with the migrations
 * (`migrations.test.ts` compares their hashes): add new helpers below, never edit one that is released.
 */

export type DialectName = 'sqlite' | 'postgres'

// biome-ignore lint/suspicious/noExplicitAny: migrations see an untyped Kysely
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** An auto-incrementing integer primary key (`integer` on pg so ids come back as JS numbers, not strings). */
export function addIdColumn<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: DialectName,
): CreateTableBuilder<T, 'id'> {
  return table.addColumn('id', 'integer', (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? col.primaryKey().generatedByDefaultAsIdentity()
      : col.primaryKey().autoIncrement(),
  )
}

/**
 * An index on `keys` that also carries `extra` columns: `INCLUDE` on PostgreSQL, trailing key columns on
 * SQLite.
 */
export async function createCoveringIndex(
  // biome-ignore lint/suspicious/noExplicitAny: migrations see an untyped Kysely
  db: Kysely<any>,
  name: string,
  table: string,
  keys: string[],
  extra: string[],
) {
  if (dialectOf(db) === 'postgres') {
    const list = (columns: string[]) => sql.join(columns.map((c) => sql.ref(c)))
    await sql`create index if not exists ${sql.ref(name)} on ${sql.table(table)} (${list(keys)}) include (${list(extra)})`.execute(
      db,
    )
    return
  }
  await db.schema
    .createIndex(name)
    .ifNotExists()
    .on(table)
    .columns([...keys, ...extra])
    .execute()
}
