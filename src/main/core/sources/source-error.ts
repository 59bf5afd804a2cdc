import { SOURCE_NAMES } from '../../../shared/domain'
import type { SourceId } from '../db/schema'

export const SOURCE_LABELS: Record<SourceId, string> = SOURCE_NAMES

export type SourceErrorKind =
  | 'bad-key'
  | 'not-subscribed'
  | 'endpoint-disabled'
  | 'not-found'
  | 'quota-exhausted'
  | 'rate-limited'
  | 'bad-request'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad-response'
  | 'aborted'
  /** The run's time for this source ran out: stopped for this run, what was stored stays. */
  | 'deadline'

/** Kinds after which the same call may succeed if simply tried again later. */
const RETRYABLE: ReadonlySet<SourceErrorKind> = new Set(['rate-limited', 'server', 'timeout', 'network'])

/** Kinds that make every further call of this source pointless until a person acts. */
const FATAL: ReadonlySet<SourceErrorKind> = new Set(['bad-key', 'not-subscribed', 'quota-exhausted'])

/** A failed API call, with one sentence saying what the person can do about it. */
export class SourceError extends Error {
  override readonly name = 'SourceError'

  constructor(
    readonly source: SourceId,
    readonly kind: SourceErrorKind,
    message: string,
    readonly details: { status?: number; endpoint?: string; retryAfterMs?: number; resetAt?: Date } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind)
  }

  /** True when the whole source should stop for this run (the next call would fail the same way). */
  get fatal(): boolean {
    return FATAL.has(this.kind)
  }
}

/** "in 9 days", "in 3 hours", "in 12 minutes": how long until a quota resets. */
export function untilText(resetAt: Date, now: Date): string {
  const ms = resetAt.getTime() - now.getTime()
  if (ms <= 60_000) return 'in a minute'
  const minutes = Math.round(ms / 60_000)
  if (minutes < 90) return `in ${minutes} minutes`
  const hours = Math.round(ms / 3_600_000)
  if (hours < 36) return `in ${hours} hours`
  return `in ${Math.round(ms / 86_400_000)} days`
}
