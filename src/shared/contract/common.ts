import { z } from 'zod'

/** Schemas more than one part of the contract uses. */

/** A day as YYYY-MM-DD that the calendar has (2000–2099). */
export const daySchema = z
  .string()
  .trim()
  .regex(/^20\d\d-\d\d-\d\d$/, 'Give the day as YYYY-MM-DD, e.g. 2026-12-03.')
  .refine((day) => {
    const d = new Date(`${day}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day
  }, 'That day is not in the calendar: give the day as YYYY-MM-DD, e.g. 2026-12-03.')

/**
 * The job has closed: `expired` — a source's list of expired jobs named it (`since`: when that was
 * learnt); `unseen` — no source has shown it since `since`, longer than Settings' days: probably closed.
 */
export const closedSchema = z.object({ reason: z.enum(['expired', 'unseen']), since: z.string() }).nullable()
