import { UserError } from '../errors'

export interface TimeOfDay {
  hour: number
  minute: number
}

/** "6:00", "06:00", "18:30" → a time of day; anything else is a one-line error. */
export function parseTimeOfDay(text: string): TimeOfDay {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim())
  if (!match)
    throw new UserError(`"${text}" is not a time of day: use HH:MM, such as 06:00.`, 'schedule.bad-time')
  return { hour: Number(match[1]), minute: Number(match[2]) }
}

export function formatTimeOfDay(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`
}

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** What a clock on the wall in `timezone` shows at an instant. */
export function wallTime(instant: Date, timezone: string): WallTime {
  let format = formatters.get(timezone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    formatters.set(timezone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]))
  return {
    year: +parts.year!,
    month: +parts.month!,
    day: +parts.day!,
    hour: +parts.hour!,
    minute: +parts.minute!,
  }
}

/** The local date (YYYY-MM-DD) in a time zone. */
export function localDate(instant: Date, timezone: string): string {
  const w = wallTime(instant, timezone)
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`
}

/**
 * The instant a wall clock in `timezone` shows `time` on a date. Across daylight-saving changes: a time
 * that does not exist that day (02:30 when clocks jump from 02:00 to 03:00) is taken as the same time after
 * the jump (03:30); a time that happens twice (when clocks go back) is its first occurrence.
 */
export function zonedInstant(date: string, time: TimeOfDay, timezone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const asUtc = Date.UTC(year, month - 1, day, time.hour, time.minute)
  const offsetAt = (ms: number) => {
    const w = wallTime(new Date(ms), timezone)
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000
  }
  // The offsets in force a day before and a day after cover both sides of any change on this date.
  const candidates = [...new Set([offsetAt(asUtc - 86_400_000), offsetAt(asUtc + 86_400_000)])]
    .map((offset) => asUtc - offset)
    .sort((a, b) => a - b)
  const exact = candidates.filter((ms) => {
    const w = wallTime(new Date(ms), timezone)
    return w.hour === time.hour && w.minute === time.minute && w.day === day
  })
  if (exact.length > 0) return new Date(exact[0]!)
  // In the gap: the offset from before the jump lands at the same minutes after it.
  return new Date(asUtc - offsetAt(asUtc - 86_400_000))
}

export interface Slot {
  /** Unique per local date, time and zone: the key only one process can run. */
  key: string
  at: Date
  date: string
  /** HH:MM, in the zone. */
  time: string
  /** When the slot before it was (24 hours earlier with one time a day, except on daylight-saving days). */
  previousAt?: Date
}

export function slotOn(date: string, time: TimeOfDay, timezone: string): Slot {
  return {
    key: `daily:${date}T${formatTimeOfDay(time)}@${timezone}`,
    at: zonedInstant(date, time, timezone),
    date,
    time: formatTimeOfDay(time),
  }
}

function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** The most recent slot at or before `now`. */
export function lastSlot(now: Date, time: TimeOfDay, timezone: string): Slot {
  const today = slotOn(localDate(now, timezone), time, timezone)
  return today.at.getTime() <= now.getTime() ? today : slotOn(shiftDate(today.date, -1), time, timezone)
}

/** The first slot after `now`. */
export function nextSlot(now: Date, time: TimeOfDay, timezone: string): Slot {
  const today = slotOn(localDate(now, timezone), time, timezone)
  return today.at.getTime() > now.getTime() ? today : slotOn(shiftDate(today.date, 1), time, timezone)
}

/**
 * "06:00", or several times a day: "06:00,18:00" → the times, sorted, each once. Anything else is a
 * one-line error.
 */
export function parseTimes(text: string): TimeOfDay[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  if (parts.length === 0) {
    throw new UserError(
      `"${text}" names no time of day: use HH:MM, or several as 06:00,18:00.`,
      'schedule.bad-time',
    )
  }
  const times = parts.map(parseTimeOfDay)
  const unique = new Map(times.map((t) => [t.hour * 60 + t.minute, t]))
  return [...unique.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t)
}

export function formatTimes(times: readonly TimeOfDay[]): string {
  return times.map(formatTimeOfDay).join(',')
}

/** The most recent slot of any of the times at or before `now`. */
export function lastSlotOf(now: Date, times: readonly TimeOfDay[], timezone: string): Slot {
  return times
    .map((time) => lastSlot(now, time, timezone))
    .reduce((latest, slot) => (slot.at.getTime() > latest.at.getTime() ? slot : latest))
}

/** The first slot of any of the times after `now`. */
export function nextSlotOf(now: Date, times: readonly TimeOfDay[], timezone: string): Slot {
  return times
    .map((time) => nextSlot(now, time, timezone))
    .reduce((earliest, slot) => (slot.at.getTime() < earliest.at.getTime() ? slot : earliest))
}

/** The slot before this one: where its load's window starts (24 hours earlier with one time a day). */
export function slotBefore(slot: Slot, times: readonly TimeOfDay[], timezone: string): Slot {
  return lastSlotOf(new Date(slot.at.getTime() - 1), times, timezone)
}

/** Refuses a zone that is not an IANA time zone, in one line. */
export function requireTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone })
  } catch {
    throw new UserError(
      `"${timezone}" is not a time zone: use an IANA name such as Europe/Berlin.`,
      'schedule.bad-tz',
    )
  }
}
