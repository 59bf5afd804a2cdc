import { z } from 'zod'
import { SOURCES } from '../domain'
import { method, noInput } from './define'

const sourceQuotaSchema = z.object({
  source: z.enum(SOURCES),
  /** A key is set, so the source is called. */
  enabled: z.boolean(),
  /** What runs out first: JSearch bills requests, Active Jobs DB jobs. */
  unit: z.enum(['requests', 'jobs']),
  limit: z.number().int(),
  used: z.number().int(),
  remaining: z.number().int(),
  periodStart: z.string(),
  resetAt: z.string().nullable(),
  projectedMonthly: z.number().int(),
  verdict: z.string(),
  /** One entry per day of the period so far, oldest first. */
  daily: z.array(z.object({ date: z.string(), requests: z.number().int(), jobs: z.number().int() })),
})

export const quotaSummarySchema = z.object({
  sources: z.array(sourceQuotaSchema),
  /** API calls the daily loads did not make because people share combinations (this period). */
  callsSavedBySharing: z.number().int(),
  /** Active Jobs DB calls saved by asking for many combinations in one call (this period). */
  callsSavedByBatching: z.number().int(),
  /** The same, per day of the period that had a daily load, oldest first. */
  savings: z.array(z.object({ date: z.string(), bySharing: z.number().int(), byBatching: z.number().int() })),
})
export type QuotaSummary = z.infer<typeof quotaSummarySchema>

export const quotaMethods = {
  'quota/get-summary': method(noInput, quotaSummarySchema, 'Quota used, left and projected, per source.'),
}
