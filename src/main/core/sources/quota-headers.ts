/** One quota counter as the RapidAPI gateway reports it, with the reset made absolute. */
export interface QuotaCounter {
  limit: number
  remaining: number
  resetAt: Date | null
}

export interface QuotaSnapshot {
  requests: QuotaCounter | null
  /** Active Jobs DB also bills returned jobs. */
  jobs: QuotaCounter | null
}

/**
 * Reads `x-ratelimit-{requests,jobs}-{limit,remaining,reset}`. The reset header counts SECONDS until the
 * period ends (not a timestamp), so it is added to the time the response arrived.
 */
export function parseQuotaHeaders(headers: Headers, receivedAt: Date): QuotaSnapshot {
  return { requests: counter(headers, 'requests', receivedAt), jobs: counter(headers, 'jobs', receivedAt) }
}

function counter(headers: Headers, unit: 'requests' | 'jobs', receivedAt: Date): QuotaCounter | null {
  const limit = integer(headers.get(`x-ratelimit-${unit}-limit`))
  const remaining = integer(headers.get(`x-ratelimit-${unit}-remaining`))
  if (limit === null || remaining === null) return null
  const resetSeconds = integer(headers.get(`x-ratelimit-${unit}-reset`))
  return {
    limit,
    remaining,
    resetAt: resetSeconds === null ? null : new Date(receivedAt.getTime() + resetSeconds * 1000),
  }
}

function integer(value: string | null): number | null {
  if (value === null || value.trim() === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? Math.trunc(n) : null
}
