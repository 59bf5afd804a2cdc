import { type Kysely, sql } from 'kysely'
import type { ApiUsageRow, Database, NewApiUsage, SourceId } from '../db/schema'

/** One row per API call: the quota ledger. */
export async function recordUsage(db: Kysely<Database>, row: NewApiUsage): Promise<ApiUsageRow> {
  return db.insertInto('api_usage').values(row).returningAll().executeTakeFirstOrThrow()
}

export interface UsageTotals {
  calls: number
  billedRequests: number
  billedJobs: number
}

/** What a source was billed since a time (inclusive). */
export async function usageSince(
  db: Kysely<Database>,
  source: SourceId,
  sinceIso: string,
): Promise<UsageTotals> {
  const row = await db
    .selectFrom('api_usage')
    .select((eb) => [
      eb.fn.countAll().as('calls'),
      eb.fn.sum<number | string | null>('billed_requests').as('requests'),
      eb.fn.sum<number | string | null>('billed_jobs').as('jobs'),
    ])
    .where('source', '=', source)
    .where('called_at', '>=', sinceIso)
    .executeTakeFirstOrThrow()
  return {
    calls: Number(row.calls),
    billedRequests: Number(row.requests ?? 0),
    billedJobs: Number(row.jobs ?? 0),
  }
}

/** The newest ledger row of a source that carried the gateway's quota headers. */
export async function latestQuotaHeaders(
  db: Kysely<Database>,
  source: SourceId,
): Promise<ApiUsageRow | undefined> {
  return db
    .selectFrom('api_usage')
    .selectAll()
    .where('source', '=', source)
    .where((eb) => eb.or([eb('requests_limit', 'is not', null), eb('jobs_limit', 'is not', null)]))
    .orderBy('called_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

/**
 * What the gateway says is left now. Answers to concurrent calls arrive out of order, so the lowest of the
 * last few minutes' answers is the current one; but a "quota exceeded" answer that a later successful one
 * contradicts is not believed (one 429 must not switch a source off for a month).
 */
export async function currentRemaining(
  db: Kysely<Database>,
  source: SourceId,
  newest: ApiUsageRow,
): Promise<{ requests: number | null; jobs: number | null }> {
  const windowStart = new Date(Date.parse(newest.called_at) - 5 * 60_000).toISOString()
  const rows = await db
    .selectFrom('api_usage')
    .select(['called_at', 'status_code', 'requests_remaining', 'jobs_remaining'])
    .where('source', '=', source)
    .where('called_at', '>=', windowStart)
    .where((eb) => eb.or([eb('requests_limit', 'is not', null), eb('jobs_limit', 'is not', null)]))
    .orderBy('called_at', 'desc')
    .limit(500)
    .execute()
  const lastOk = rows.find((r) => r.status_code !== null && r.status_code < 300)?.called_at
  const believed = rows.filter(
    (r) => !(r.status_code === 429 && lastOk !== undefined && r.called_at <= lastOk),
  )
  const lowest = (pick: (r: (typeof rows)[number]) => number | null) => {
    const values = believed.map(pick).filter((v): v is number => v !== null)
    return values.length ? Math.min(...values) : null
  }
  return { requests: lowest((r) => r.requests_remaining), jobs: lowest((r) => r.jobs_remaining) }
}

/** Billed requests and jobs per UTC day since a time, oldest first: the quota chart. */
export async function dailyUsage(
  db: Kysely<Database>,
  source: SourceId,
  sinceIso: string,
): Promise<Array<{ date: string; requests: number; jobs: number }>> {
  // Timestamps are ISO-8601 text in both dialects, so the first 10 characters are the UTC date.
  const day = sql<string>`substr(called_at, 1, 10)`
  const rows = await db
    .selectFrom('api_usage')
    .select((eb) => [
      day.as('day'),
      eb.fn.sum<number | string | null>('billed_requests').as('requests'),
      eb.fn.sum<number | string | null>('billed_jobs').as('jobs'),
    ])
    .where('source', '=', source)
    .where('called_at', '>=', sinceIso)
    .groupBy(day)
    .orderBy(day)
    .execute()
  return rows.map((r) => ({ date: r.day, requests: Number(r.requests ?? 0), jobs: Number(r.jobs ?? 0) }))
}
