import { localDate, parseTimeOfDay, wallTime, zonedInstant } from '../scheduler/slots'

/**
 * Quiet hours: from `from` to `to` on the wall clock of `timezone`, across midnight when `to` is earlier
 * (`22:00`–`07:00`). Returns when they end if `now` is inside them, else undefined. Daylight-saving days
 * take the wall clock as it is that day (zonedInstant).
 */
export function quietUntil(now: Date, from: string, to: string, timezone: string): Date | undefined {
  const start = parseTimeOfDay(from)
  const end = parseTimeOfDay(to)
  const startMinute = start.hour * 60 + start.minute
  const endMinute = end.hour * 60 + end.minute
  if (startMinute === endMinute) return undefined
  const wall = wallTime(now, timezone)
  const minute = wall.hour * 60 + wall.minute
  const today = localDate(now, timezone)
  if (startMinute < endMinute) {
    // Within one day: 13:00–14:00.
    return minute >= startMinute && minute < endMinute ? zonedInstant(today, end, timezone) : undefined
  }
  // Across midnight: after the start tonight (ends tomorrow), or before the end this morning.
  if (minute < endMinute) return zonedInstant(today, end, timezone)
  if (minute >= startMinute) return zonedInstant(nextDate(today), end, timezone)
  return undefined
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}
