import { z } from 'zod'
import { SOURCES } from '../domain'
import { method, noInput } from './define'

const plannedCallSchema = z.object({
  label: z.string(),
  priority: z.number().int(),
  /** JSearch `today`/`3days`/`week`/`month`, Active Jobs DB `24h`/`7d`. */
  window: z.string(),
  pages: z.number().int(),
  /** In the source's unit (exact for JSearch requests, expected for Active Jobs DB jobs). */
  cost: z.number(),
  everyDays: z.number(),
  why: z.string(),
})

const waitingSchema = z.object({
  label: z.string(),
  priority: z.number().int(),
  dueOn: z.string(),
  daysLate: z.number().int(),
  reason: z.enum(['plan', 'budget']),
  why: z.string(),
})

/** Today's plan of calls for one source: what is asked, what waits, the month under it. */
export const callPlanSchema = z.object({
  source: z.enum(SOURCES),
  unit: z.enum(['requests', 'jobs']),
  budgetToday: z.number().int(),
  cost: z.number(),
  calls: z.array(plannedCallSchema),
  waiting: z.array(waitingSchema),
  perDay: z.number(),
  neededPerDay: z.number(),
  projectedToReset: z.number().int(),
  covered: z.boolean(),
  advice: z.string().nullable(),
})
export type CallPlan = z.infer<typeof callPlanSchema>

const sourceQuotaSchema = z.object({
  source: z.enum(SOURCES),
  /** A key is set and the source is switched on, so it is called. */
  enabled: z.boolean(),
  /** Why it is not called: "no key", or "switched off" in Settings; null when it is. */
  off: z.enum(['no key', 'switched off']).nullable(),
  /** What runs out first: JSearch bills requests, Active Jobs DB jobs. */
  unit: z.enum(['requests', 'jobs']),
  limit: z.number().int(),
  /** The gateway's headers, Settings, or the default plan. */
  limitFrom: z.enum(['gateway', 'settings', 'default']),
  /** Our ledger: this database's calls this period. */
  used: z.number().int(),
  /** The gateway's count when a call has told us (other machines on the key included), else limit − used. */
  remaining: z.number().int(),
  leftFrom: z.enum(['gateway', 'ledger']),
  otherUse: z.number().int().nullable(),
  reserve: z.number().int(),
  periodStart: z.string(),
  resetAt: z.string().nullable(),
  periodEnd: z.string(),
  daysLeft: z.number().int(),
  /** Spent by the reset under the plan of calls (used included). */
  projectedMonthly: z.number().int(),
  /** What every combination on time would spend by the reset. */
  needed: z.number().int(),
  verdictKind: z.enum(['comfortable', 'tight', 'short']),
  verdict: z.string(),
  notes: z.array(z.string()),
  plan: callPlanSchema,
  /** One entry per day of the period so far, oldest first. */
  daily: z.array(z.object({ date: z.string(), requests: z.number().int(), jobs: z.number().int() })),
})

const savingSchema = z.object({
  date: z.string(),
  source: z.enum(SOURCES),
  /** Calls not made because people share combinations: plan rows → distinct combinations. */
  bySharing: z.number().int(),
  /** Calls not made by asking many combinations in one call (Active Jobs DB). */
  byBatching: z.number().int(),
  /** Requests the earlier service's strategy would have made: one per distinct combination and load. */
  earlierRequests: z.number().int(),
  /** Requests billed. */
  requests: z.number().int(),
})

export const quotaSummarySchema = z.object({
  sources: z.array(sourceQuotaSchema),
  /** API calls the daily loads did not make because people share combinations (this period, every source). */
  callsSavedBySharing: z.number().int(),
  /** Active Jobs DB calls saved by asking for many combinations in one call (this period). */
  callsSavedByBatching: z.number().int(),
  /** Requests billed against what the earlier service's strategy would have billed for the same loads. */
  requestsVsEarlier: z.object({ ours: z.number().int(), earlier: z.number().int() }),
  /** Per day and source of the period that had a daily load, oldest first. */
  savings: z.array(savingSchema),
  /** Claude's second opinions this calendar month, for the person this app works for, and their tokens. */
  claude: z.object({
    enabled: z.boolean(),
    perDay: z.number().int(),
    opinions: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    /** The start of the month counted. */
    since: z.string(),
  }),
})
export type QuotaSummary = z.infer<typeof quotaSummarySchema>

const settingsShape = z.object({
  backfillDepthDays: z.number().int().min(1).max(180),
  backfillPages: z.number().int().min(1).max(20),
  dailyPages: z.number().int().min(1).max(10),
  maxDelayDays: z.number().int().min(0).max(7),
  highPriority: z.number().int().min(1).max(10),
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

const byResetSchema = z.object({
  requests: z.number().int(),
  jobs: z.number().int(),
  verdict: z.enum(['comfortable', 'tight', 'short']),
  needed: z.number().int(),
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
      /** By the source's reset, as the Quota card shows it: now, and under the what-if. */
      byReset: z.object({ now: byResetSchema, whatIf: byResetSchema }),
    }),
  ),
})
export type WhatIf = z.infer<typeof whatIfSchema>

/** This period's figures of one source, as the Quota cards show them (the summary without plan and chart). */
const periodSchema = sourceQuotaSchema.omit({ plan: true, daily: true })

/** A source's plan of calls with the period it spends from. */
const planOfCallsSchema = callPlanSchema.extend({
  enabled: z.boolean(),
  limit: z.number().int(),
  limitFrom: z.enum(['gateway', 'settings', 'default']),
  used: z.number().int(),
  left: z.number().int(),
  reserve: z.number().int(),
  daysLeft: z.number().int(),
  periodEnd: z.string(),
  projected: z.number().int(),
  verdict: z.string(),
})

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
    whatIfSchema.extend({ period: z.array(periodSchema) }),
    'This period per source, and the month projected now and with other knobs, for everyone’s plans; saves nothing.',
  ),
  'quota/plan-calls': method(
    z.object({
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-12-03.')
        .optional(),
    }),
    z.object({ date: z.string(), sources: z.array(planOfCallsSchema) }),
    'Today’s plan of calls per source (or a later day’s, from what is known now).',
  ),
}
