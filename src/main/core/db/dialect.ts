import { CompiledQuery, type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely'

/**
 * The few places where SQLite and PostgreSQL differ. Everything else is dialect-neutral Kysely.
 */
export type DialectName = 'sqlite' | 'postgres'

// biome-ignore lint/suspicious/noExplicitAny: works for any schema
export function dialectOf(db: Kysely<any> | Transaction<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** pg returns `count(*)` and other int8 values as strings; SQLite returns numbers. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0
  return typeof value === 'number' ? value : Number(value)
}

/**
 * Starts a job-upsert transaction. On PostgreSQL it serialises job upserts across processes sharing the
 * database, so two daily loads that see the same job at once cannot both insert it (SQLite already has a
 * single writer).
 */
// biome-ignore lint/suspicious/noExplicitAny: any schema
export async function beginJobWrite(trx: Transaction<any>): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return
  await sql`select pg_advisory_xact_lock(${JOB_WRITE_LOCK})`.execute(trx)
  // A page of jobs need not wait for its own WAL flush: WAL is written in order, so the next synchronous
  // commit (the backfill's "done", a run's result) makes every page before it durable too, and a crash
  // in between loses only pages that the unfinished run fetches again. SQLite's WAL + synchronous=NORMAL
  // makes the same trade.
  await sql`set local synchronous_commit = off`.execute(trx)
}

/** An arbitrary constant shared by every Job Monitor process: "job upsert in progress". */
const JOB_WRITE_LOCK = 74_120_001

const insertSql = new Map<string, string>()

/**
 * A multi-row INSERT with its SQL text built once per shape and reused: the job upsert writes pages of
 * 100 rows × 22 columns a thousand times in a backfill, and building that statement through the query
 * builder every time cost about a tenth of the upsert. `tail` is appended as is (ON CONFLICT, RETURNING);
 * `wrap` puts a column's placeholder inside an SQL expression (`to_tsvector('simple', $7)`).
 */
export async function insertRows<R = unknown>(
  // biome-ignore lint/suspicious/noExplicitAny: any schema; the SQL is ours
  db: Kysely<any> | Transaction<any>,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  tail = '',
  wrap: Readonly<Record<string, (placeholder: string) => string>> = {},
): Promise<R[]> {
  if (rows.length === 0) return []
  const dialect = dialectOf(db)
  const cacheKey = `${dialect}|${table}|${columns.join(',')}|${rows.length}|${tail}|${Object.keys(wrap).join(',')}`
  let text = insertSql.get(cacheKey)
  if (!text) {
    let n = 0
    const placeholder = (column: string) => {
      const p = dialect === 'postgres' ? `$${++n}` : '?'
      return wrap[column]?.(p) ?? p
    }
    const tuples = rows.map(() => `(${columns.map(placeholder).join(', ')})`)
    text =
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')} ${tail}`.trim()
    if (insertSql.size > 256) insertSql.clear()
    insertSql.set(cacheKey, text)
  }
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, rows.flat()))
  return result.rows as R[]
}
