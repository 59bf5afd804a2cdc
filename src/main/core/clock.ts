/** Time is injected everywhere so tests can move it; production passes `systemClock`. */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

/**
 * Every timestamp is stored as an ISO-8601 UTC string (`2026-11-28T06:00:00.000Z`) in both dialects:
 * fixed width, so text order is time order, and no driver converts it behind our back.
 */
export function isoNow(clock: Clock): string {
  return clock().toISOString()
}

export function toIso(value: Date | number): string {
  return new Date(value).toISOString()
}
