import { z } from 'zod'
import { BACKFILL_STATUSES, SOURCES } from '../domain'
import { method, noInput } from './define'

export const systemStatusSchema = z.object({
  app: z.string(),
  version: z.string(),
  demo: z.boolean(),
  /** `desktop` in the Electron window, `server` behind `job-monitor serve`, `cli` for one command. */
  mode: z.enum(['desktop', 'server', 'cli']),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    location: z.string(),
    migrations: z.number().int(),
    pending: z.number().int(),
    /** The migrations this build knows, and the newest applied (null on an empty database). */
    known: z.number().int(),
    latest: z.string().nullable(),
    /** The migrations applied when this app (or command) opened the database; empty when none were due. */
    appliedOnOpen: z.array(z.string()),
  }),
  /** What opening the database had to say: a file re-created, the chosen database unreachable. */
  notices: z.array(z.string()),
})
export type SystemStatus = z.infer<typeof systemStatusSchema>

const usageSchema = z.object({
  used: z.number().int(),
  limit: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
})

/**
 * Everything `job-monitor status` prints: the combinations and their backfill, the last runs, the next run
 * and the quota per source. The first five fields are the documented `status --json` shape (docs/cli.md).
 */
export const statusSummarySchema = z.object({
  database: z.object({ dialect: z.enum(['sqlite', 'postgres']), location: z.string() }),
  combinations: z.array(
    z.object({
      title: z.string(),
      location: z.string(),
      rows: z.number().int(),
      backfill: z.partialRecord(
        z.enum(SOURCES),
        z.object({
          status: z.enum(BACKFILL_STATUSES),
          jobsFound: z.number().int(),
          backfilledAt: z.string().nullable(),
          error: z.string().nullable(),
        }),
      ),
    }),
  ),
  runs: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      trigger: z.string(),
      status: z.string(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      jobsFetched: z.number().int(),
      jobsNew: z.number().int(),
      error: z.string().nullable(),
    }),
  ),
  nextRun: z.object({ at: z.string(), slot: z.string() }),
  quota: z.array(
    z.object({
      source: z.enum(SOURCES),
      enabled: z.boolean(),
      /** A key is set (in the environment or the app), whether or not the source is switched on. */
      hasKey: z.boolean(),
      periodStart: z.string(),
      resetAt: z.string().nullable(),
      requests: usageSchema,
      jobs: usageSchema,
      /** The quota model's figures, as the Quota screen shows them. */
      unit: z.enum(['requests', 'jobs']),
      limit: z.number().int(),
      limitFrom: z.enum(['gateway', 'settings', 'default']),
      used: z.number().int(),
      left: z.number().int(),
      otherUse: z.number().int().nullable(),
      periodEnd: z.string(),
    }),
  ),
  /** The schedule in effect: the environment's, else the one saved in the app. */
  schedule: z.object({ time: z.string(), timezone: z.string() }),
})
export type StatusSummary = z.infer<typeof statusSummarySchema>

export const systemMethods = {
  'system/get-status': method(noInput, systemStatusSchema, 'What the app runs on.'),
  'system/switch-demo': method(
    z.object({ demo: z.boolean() }),
    z.object({ restarting: z.boolean(), message: z.string() }),
    'Restarts the desktop app on the demo data set (or back on the real data); elsewhere says how.',
  ),
  'system/get-summary': method(
    noInput,
    statusSummarySchema,
    'Combinations and their backfill, the last runs, the next run and the quota (job-monitor status).',
  ),
}
