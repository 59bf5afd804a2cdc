import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { Database, SourceId } from '../db/schema'
import { currentRemaining, latestQuotaHeaders, recordUsage, usageSince } from '../repos/usage-repo'
import type { CallRecord } from '../sources/rapidapi-gateway'

/** Writes every API call into `api_usage`, the quota ledger. Hand it to a source as `onCall`. */
export function ledgerWriter(
  db: Kysely<Database>,
  runId: number | null = null,
): (record: CallRecord) => Promise<void> {
  return async (record) => {
    await recordUsage(db, {
      source: record.source,
      endpoint: record.endpoint,
      run_id: runId,
      called_at: record.calledAt.toISOString(),
      status_code: record.status,
      billed_requests: record.billedRequests,
      billed_jobs: record.billedJobs,
      requests_limit: record.quota.requests?.limit ?? null,
      requests_remaining: record.quota.requests?.remaining ?? null,
      requests_reset_at: record.quota.requests?.resetAt?.toISOString() ?? null,
      jobs_limit: record.quota.jobs?.limit ?? null,
      jobs_remaining: record.quota.jobs?.remaining ?? null,
      jobs_reset_at: record.quota.jobs?.resetAt?.toISOString() ?? null,
      error: record.error,
    })
  }
}

export interface QuotaCounterStatus {
  /** What the gateway last said the plan allows; null until a call has told us. */
  limit: number | null
  /** What the gateway last said is left; null until a call has told us. */
  remaining: number | null
  /** Billed in the current period according to our own ledger. */
  used: number
}

export interface QuotaStatus {
  source: SourceId
  periodStart: string
  /** When the quota resets, from the gateway's headers; null when no call has said yet. */
  resetAt: string | null
  requests: QuotaCounterStatus
  jobs: QuotaCounterStatus
  /** When the last call with quota headers was made. */
  asOf: string | null
}

/**
 * What a source has used this period, what remains and when it resets. The period ends at the reset
 * time the gateway last reported and is taken to have begun one month earlier; before any call, it is
 * the calendar month.
 */
export async function quotaStatus(
  db: Kysely<Database>,
  source: SourceId,
  clock: Clock,
): Promise<QuotaStatus> {
  const latest = await latestQuotaHeaders(db, source)
  const now = clock()
  const resetIso = latest?.jobs_reset_at ?? latest?.requests_reset_at ?? null
  const reset = resetIso && Date.parse(resetIso) > now.getTime() ? new Date(resetIso) : null
  const periodStart = reset
    ? oneMonthBefore(reset)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const used = await usageSince(db, source, periodStart.toISOString())
  const current = latest ? await currentRemaining(db, source, latest) : { requests: null, jobs: null }
  return {
    source,
    periodStart: periodStart.toISOString(),
    resetAt: reset?.toISOString() ?? null,
    requests: {
      limit: latest?.requests_limit ?? null,
      remaining: current.requests,
      used: used.billedRequests,
    },
    jobs: {
      limit: latest?.jobs_limit ?? null,
      remaining: current.jobs,
      used: used.billedJobs,
    },
    asOf: latest?.called_at ?? null,
  }
}

function oneMonthBefore(date: Date): Date {
  const d = new Date(date)
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, lastDay))
  return d
}
