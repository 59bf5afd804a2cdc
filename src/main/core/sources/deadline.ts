import type { SourceId } from '../db/schema'
import { SOURCE_LABELS, SourceError } from './source-error'

export const DEFAULT_SOURCE_DEADLINE_MS = 5 * 60_000

/** The time one source has in one run (wall-clock): its signal aborts with a `deadline` SourceError. */
export interface SourceDeadline {
  signal: AbortSignal
  /** Whether the time ran out. */
  readonly passed: boolean
  message: string
  clear(): void
}

/**
 * Starts a source's deadline for a run. An API that never answers then costs at most this long, whatever
 * the timeouts and retries of single calls add up to; what it delivered before stays stored.
 */
export function startDeadline(source: SourceId, ms: number = DEFAULT_SOURCE_DEADLINE_MS): SourceDeadline {
  const controller = new AbortController()
  const message = `${SOURCE_LABELS[source]} did not finish within the ${formatDuration(ms)} a run allows it: stopped for this run; what it delivered is stored, and the rest is asked for next time.`
  const timer = setTimeout(() => controller.abort(new SourceError(source, 'deadline', message)), ms)
  timer.unref?.()
  return {
    signal: controller.signal,
    get passed() {
      return controller.signal.aborted
    },
    message,
    clear: () => clearTimeout(timer),
  }
}

export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`
  if (ms >= 1000) return `${Math.round(ms / 1000)} s`
  return `${ms} ms`
}
