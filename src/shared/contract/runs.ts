import { z } from 'zod'
import { dailyReportSchema } from '../daily-report'
import { SOURCES } from '../domain'
import { method, noInput } from './define'

const backfillStatusSchema = z.object({
  /** A backfill is running in this app right now. */
  running: z.boolean(),
  counts: z.object({
    pending: z.number().int(),
    running: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
  }),
  failed: z.array(
    z.object({
      source: z.enum(SOURCES),
      title: z.string(),
      location: z.string(),
      error: z.string().nullable(),
      attempts: z.number().int(),
    }),
  ),
})

/** What one backfill did: the combinations it finished or failed, and what it fetched and was billed. */
export const backfillReportSchema = z.object({
  /** No job source is switched on with a key: nothing was asked. */
  noSources: z.boolean(),
  outcomes: z.array(
    z.object({
      source: z.enum(SOURCES),
      title: z.string(),
      location: z.string(),
      status: z.enum(['done', 'failed']),
      jobsFound: z.number().int(),
      error: z.string().nullable(),
    }),
  ),
  /** Combinations another process was fetching already. */
  takenElsewhere: z.number().int(),
  jobsFetched: z.number().int(),
  jobsNew: z.number().int(),
  billedRequests: z.number().int(),
  billedJobs: z.number().int(),
})
export type BackfillRunReport = z.infer<typeof backfillReportSchema>

export const runSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['backfill', 'daily']),
  trigger: z.string(),
  status: z.enum(['running', 'success', 'partial', 'failed', 'interrupted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  requests: z.number().int(),
  jobsFetched: z.number().int(),
  jobsNew: z.number().int(),
  error: z.string().nullable(),
  /** The daily load's query and quota analysis as recorded; null for backfills and unreadable reports. */
  report: dailyReportSchema.nullable(),
  /** The alerts this run made (webhook, ntfy, e-mail): sent, failed (sent again by the next load), held. */
  alerts: z.object({
    sent: z.number().int(),
    failed: z.number().int(),
    held: z.number().int(),
    errors: z.array(z.string()),
  }),
})
export type Run = z.infer<typeof runSchema>

export const scheduleSchema = z.object({
  time: z.string(),
  timezone: z.string(),
  paused: z.boolean(),
  /** The next scheduled load (ISO), null while paused. */
  nextRunAt: z.string().nullable(),
  /** A daily load is running in this app right now. */
  running: z.boolean(),
  lastRun: runSchema.nullable(),
})
export type Schedule = z.infer<typeof scheduleSchema>

export const runMethods = {
  'backfill/get-status': method(noInput, backfillStatusSchema, 'Backfill states over every combination.'),
  'backfill/retry': method(
    noInput,
    z.object({ combinations: z.number().int() }),
    'Starts a backfill of everything not done yet, failed cells included.',
  ),
  'backfill/run': method(
    z
      .object({
        /** Only this person's combinations. */
        email: z.string().trim().min(1).max(254).optional(),
        /** What the run is recorded as: a command, or the backfill after a CV import. */
        trigger: z.enum(['cli', 'cv-import']).default('cli'),
      })
      .default({ trigger: 'cli' }),
    backfillReportSchema,
    'Backfills every combination not done yet and answers when it ends (after any backfill running here).',
  ),
  'daily/run-once': method(
    z.object({ trigger: z.enum(['cli', 'manual']).default('cli') }).default({ trigger: 'cli' }),
    z.object({
      /** ran: the report is there; up-to-date / slot-taken: another load had just done it. */
      outcome: z.enum(['ran', 'up-to-date', 'slot-taken']),
      message: z.string(),
      report: dailyReportSchema.nullable(),
    }),
    'Runs a daily load now and answers with its report when it ends; progress arrives as events.',
  ),
  'daily/run-now': method(
    noInput,
    z.object({ started: z.boolean(), message: z.string() }),
    'Starts a daily load now; progress and the result arrive as events.',
  ),
  'runs/list': method(
    z.object({
      limit: z.number().int().min(1).max(200).default(30),
      kind: z.enum(['backfill', 'daily']).optional(),
    }),
    z.object({ runs: z.array(runSchema) }),
    'Recent backfills and daily loads, newest first.',
  ),
  'schedule/get': method(noInput, scheduleSchema, 'The daily schedule and the next run.'),
  'schedule/pause': method(noInput, scheduleSchema, 'Stops scheduled loads in this app until resumed.'),
  'schedule/resume': method(noInput, scheduleSchema, 'Resumes scheduled loads (a missed one is caught up).'),
}
