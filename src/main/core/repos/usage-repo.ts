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
 * The lowest "remaining" the gateway reported since a time. Within one quota period the counter only goes
 * down, and answers to concurrent calls arrive out of order, so the lowest is the current one.
 */
export async function lowestRemainingSince(
  db: Kysely<Database>,
  source: SourceId,
  sinceIso: string,
): Promise<{ requests: number | null; jobs: number | null }> {
  const row = await db
    .selectFrom('api_usage')
    .select((eb) => [eb.fn.min('requests_remaining').as('requests'), eb.fn.min('jobs_remaining').as('jobs')])
    .where('source', '=', source)
    .where('called_at', '>=', sinceIso)
    .executeTakeFirst()
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return { requests: n(row?.requests), jobs: n(row?.jobs) }
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
