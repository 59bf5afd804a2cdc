import { UserError } from './errors'
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

/**
 * A clock standing on another day at the current time of day: "what would that day's load ask?". `name`
 * is how the person typed the date (the CLI's `--date`), for the message when it is not a day.
 */
export function clockOn(date: string, clock: Clock, name = 'date'): Clock {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new UserError(`${name} "${date}": use a date such as 2026-12-03.`, 'quota.bad-date')
  const day = new Date(`${date}T00:00:00Z`)
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date)
    throw new UserError(`${name} "${date}" is not a day of the calendar.`, 'quota.bad-date')
  const now = clock()
  const at = new Date(`${date}T${now.toISOString().slice(11)}`)
  return () => at
}
