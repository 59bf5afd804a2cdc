import { z } from 'zod'
import { SOURCES } from './domain'

/**
 * The report a daily load records on its run (`runs.report_json`): the query analysis and, per source,
 * what was called, billed and fetched, with the quota analysis. One schema for the daily load that writes
 * it, the contract that carries it (`runs/list`, `daily/run-once`) and the screens and CLI that show it.
 * Fields added after the first release have defaults, so reports recorded by older versions still read.
 */
export const sourceQuotaAnalysisSchema = z.object({
  source: z.enum(SOURCES),
  unit: z.enum(['requests', 'jobs']),
  usedThisRun: z.number(),
  usedThisPeriod: z.number(),
  limit: z.number(),
  remaining: z.number(),
  resetAt: z.string().nullable(),
  /** When the current quota period began (a month before the reset, or the calendar month). */
  periodStart: z.string(),
  /** Spent by the reset if the plan of calls holds (used so far included). */
  projectedMonthly: z.number(),
  verdict: z.string(),
  /** Where the limit comes from: the gateway's headers, Settings, or the default plan. */
  limitFrom: z.enum(['gateway', 'settings', 'default']).optional(),
  /** What every combination on time would spend by the reset. */
  needed: z.number().optional(),
  /** Where the figures come from, when worth saying (other machines on the key, a reserve). */
  notes: z.array(z.string()).optional(),
})
export type SourceQuotaAnalysis = z.infer<typeof sourceQuotaAnalysisSchema>

/** One window a source was asked for, and the combinations asked that way. */
export const dailyWindowReportSchema = z.object({
  /** ISO times: the window asked for. */
  from: z.string(),
  to: z.string(),
  /** `indexed since` (Active Jobs DB's 24 hours) or `posted since` (a posting-date filter). */
  how: z.enum(['indexed since', 'posted since']),
  /** Time before `from` that the combinations' marks still wanted but no window of the source reaches. */
  gap: z.object({ from: z.string(), to: z.string() }).nullable(),
  combinations: z.array(z.string()),
})
export type DailyWindowReport = z.infer<typeof dailyWindowReportSchema>

export const sourceDailyReportSchema = z.object({
  source: z.enum(SOURCES),
  combinations: z.number(),
  calls: z.number(),
  billedRequests: z.number(),
  billedJobs: z.number(),
  jobsFetched: z.number(),
  /** Combinations not loaded, and why (quota). */
  skipped: z.array(z.object({ combination: z.string(), reason: z.string() })),
  /** Combinations the plan of calls asks on a later day: when, and how late that is (0: on time). */
  waiting: z
    .array(z.object({ combination: z.string(), dueOn: z.string(), daysLate: z.number(), why: z.string() }))
    .optional(),
  /** When the budget cannot cover every combination on time: what plan or settings would. */
  advice: z.string().nullable().optional(),
  failures: z.array(z.object({ combinations: z.array(z.string()), reason: z.string() })),
  /** The window each combination was loaded for (its own mark onwards), and any gap. */
  windows: z.array(dailyWindowReportSchema).default([]),
  /** Combinations another load running at the same time had already loaded. */
  upToDate: z.number().default(0),
  /** What a monthly-quota answer turned out to be once re-checked, when there was one. */
  quotaCheck: z.string().nullable().default(null),
  quota: sourceQuotaAnalysisSchema,
})
export type SourceDailyReport = z.infer<typeof sourceDailyReportSchema>

export const dailyReportSchema = z.object({
  runId: z.number().int(),
  startedAt: z.string(),
  totalQueryRows: z.number(),
  uniqueCombinations: z.number(),
  /** Calls saved by asking once per combination instead of once per person's row. */
  callsSavedBySharing: z.number(),
  callsSavedPercent: z.number(),
  jobsFetched: z.number(),
  jobsNew: z.number(),
  sources: z.array(sourceDailyReportSchema),
  /**
   * Active Jobs DB's list of the jobs that expired yesterday (once a day, where the plan has it): how many
   * ids it named, and how many of our open jobs they closed; or why it was not asked.
   */
  expired: z.object({ listed: z.number(), closed: z.number(), note: z.string().nullable() }).optional(),
})
export type DailyReport = z.infer<typeof dailyReportSchema>

/** A recorded report as the contract carries it, or null when it is not a daily load's (or is unreadable). */
export function readDailyReport(json: string | null): DailyReport | null {
  if (!json) return null
  try {
    const parsed = dailyReportSchema.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The line a report gives the expired list: how many it named and closed, or why it was not read. */
export function expiredLine(expired: NonNullable<DailyReport['expired']>): string {
  if (expired.note) return expired.note
  return `Active Jobs DB's list of yesterday's expired jobs named ${expired.listed.toLocaleString('en')}; ${expired.closed.toLocaleString('en')} of ours closed (they leave the feed; saved and applied ones stay, marked closed).`
}
