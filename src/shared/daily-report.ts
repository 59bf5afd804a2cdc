import type { SourceId } from './domain'

/**
 * The report a daily load records on its run (`runs.report_json`): the query analysis and, per source,
 * what was called, billed and fetched, with the quota analysis. The Runs screen shows it as is.
 */
export interface SourceQuotaAnalysis {
  source: SourceId
  unit: 'requests' | 'jobs'
  usedThisRun: number
  usedThisPeriod: number
  limit: number
  remaining: number
  resetAt: string | null
  /** When the current quota period began (a month before the reset, or the calendar month). */
  periodStart: string
  /** Spent by the reset if the plan of calls holds (used so far included). */
  projectedMonthly: number
  verdict: string
  /** Where the limit comes from: the gateway's headers, Settings, or the default plan. */
  limitFrom?: 'gateway' | 'settings' | 'default'
  /** What every combination on time would spend by the reset. */
  needed?: number
  /** Where the figures come from, when worth saying (other machines on the key, a reserve). */
  notes?: string[]
}

/** One window a source was asked for, and the combinations asked that way. */
export interface DailyWindowReport {
  /** ISO times: the window asked for. */
  from: string
  to: string
  /** `indexed since` (Active Jobs DB's 24 hours) or `posted since` (a posting-date filter). */
  how: 'indexed since' | 'posted since'
  /** Time before `from` that the combinations' marks still wanted but no window of the source reaches. */
  gap: { from: string; to: string } | null
  combinations: string[]
}

export interface SourceDailyReport {
  source: SourceId
  combinations: number
  calls: number
  billedRequests: number
  billedJobs: number
  jobsFetched: number
  /** Combinations not loaded, and why (quota). */
  skipped: Array<{ combination: string; reason: string }>
  /** Combinations the plan of calls asks on a later day: when, and how late that is (0: on time). */
  waiting?: Array<{ combination: string; dueOn: string; daysLate: number; why: string }>
  /** When the budget cannot cover every combination on time: what plan or settings would. */
  advice?: string | null
  failures: Array<{ combinations: string[]; reason: string }>
  /** The window each combination was loaded for (its own mark onwards), and any gap. */
  windows: DailyWindowReport[]
  /** Combinations another load running at the same time had already loaded. */
  upToDate: number
  /** What a monthly-quota answer turned out to be once re-checked, when there was one. */
  quotaCheck: string | null
  quota: SourceQuotaAnalysis
}

export interface DailyReport {
  runId: number
  startedAt: string
  totalQueryRows: number
  uniqueCombinations: number
  /** Calls saved by asking once per combination instead of once per person's row. */
  callsSavedBySharing: number
  callsSavedPercent: number
  jobsFetched: number
  jobsNew: number
  sources: SourceDailyReport[]
}
