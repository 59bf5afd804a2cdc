import { z } from 'zod'
import { BACKFILL_STATUSES, SOURCES } from '../domain'
import { scheduleSchema } from './runs'

/** Every event the app pushes to its windows, once. Payloads are validated where they are emitted. */
export const EVENTS = {
  'backfill/progress': z.object({
    /** `notice`: something worth saying on the way (a wait for the quota, a shorter window). */
    phase: z.enum(['started', 'progress', 'combination', 'notice', 'finished', 'error']),
    source: z.enum(SOURCES).optional(),
    title: z.string().optional(),
    location: z.string().optional(),
    status: z.enum(BACKFILL_STATUSES).optional(),
    jobsFound: z.number().int().optional(),
    jobsFetched: z.number().int().optional(),
    jobsNew: z.number().int().optional(),
    /** Why a combination failed. */
    error: z.string().optional(),
    message: z.string(),
  }),
  'run/progress': z.object({
    kind: z.literal('daily'),
    runId: z.number().int().nullable(),
    /** Sources finished out of all; 0 of n at the start. */
    done: z.number().int(),
    total: z.number().int(),
    jobsFetched: z.number().int(),
    jobsNew: z.number().int(),
    message: z.string(),
    /** A notice on the way (a wait, a gap, a quota re-check) rather than a step of progress. */
    notice: z.boolean().optional(),
  }),
  'run/finished': z.object({
    kind: z.enum(['daily', 'backfill']),
    runId: z.number().int().nullable(),
    status: z.enum(['success', 'partial', 'failed', 'slot-taken']),
    jobsFetched: z.number().int(),
    jobsNew: z.number().int(),
    message: z.string(),
  }),
  'jobs/new': z.object({
    count: z.number().int(),
    /** "12 new jobs for Data Scientist in Berlin": the notification's text. */
    message: z.string(),
  }),
  'quota/changed': z.object({ sources: z.array(z.enum(SOURCES)) }),
  'schedule/changed': scheduleSchema,
} as const

export type EventName = keyof typeof EVENTS
export type EventPayload<K extends EventName> = z.infer<(typeof EVENTS)[K]>
