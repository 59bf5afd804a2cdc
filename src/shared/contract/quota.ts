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

const settingsShape = z.object({
  backfillDepthDays: z.number().int().min(1).max(180),
  backfillPages: z.number().int().min(1).max(20),
  dailyPages: z.number().int().min(1).max(10),
  /** "06:00" or "06:00,18:00". */
  times: z.string(),
  minPriority: z.number().int().min(0).max(10),
})
export type QuotaSettingsShape = z.infer<typeof settingsShape>

const estimateSchema = z.object({
  requests: z.number().int(),
  jobs: z.number().int(),
  daily: z.object({ requests: z.number().int(), jobs: z.number().int() }),
  backfill: z.object({ requests: z.number().int(), jobs: z.number().int() }),
})

export const whatIfSchema = z.object({
  rows: z.number().int(),
  combinations: z.number().int(),
  dailyNow: z.number().int(),
  dailyWhatIf: z.number().int(),
  pendingBackfill: z.number().int(),
  settingsNow: settingsShape,
  settingsWhatIf: settingsShape,
  sources: z.array(
    z.object({
      source: z.enum(SOURCES),
      unit: z.enum(['requests', 'jobs']),
      limit: z.number().int(),
      now: estimateSchema,
      whatIf: estimateSchema,
    }),
  ),
})
export type WhatIf = z.infer<typeof whatIfSchema>

export const quotaMethods = {
  'quota/get-summary': method(noInput, quotaSummarySchema, 'Quota used, left and projected, per source.'),
  'quota/what-if': method(
    settingsShape.partial().extend({
      times: z
        .string()
        .trim()
        .regex(
          /^([01]?\d|2[0-3]):[0-5]\d(\s*,\s*([01]?\d|2[0-3]):[0-5]\d)*$/,
          'Use times such as 06:00,18:00.',
        )
        .optional(),
    }),
    whatIfSchema,
    'The month projected now and with other knobs, for everyone’s plans; saves nothing.',
  ),
}
