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
