import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { getSetting, setSetting } from './settings-repo'

/** The lowest plan-row priority the daily load asks for (the settings screen writes it; 0 = every row). */
export const MIN_PRIORITY_SETTING = 'daily.minPriority'
export const minPrioritySchema = z.number().int().min(0).max(10)

/**
 * The quota knobs the earlier service's users tuned, kept in the (shared) database because everyone on it
 * shares the quota: how far back a new combination is backfilled, and how many pages one combination may
 * use in a backfill and in a daily load. The daily times live with the schedule.
 */
export const knobsSchema = z.object({
  /** Days a new combination is backfilled (30 by default; 14 saves quota). */
  backfillDepthDays: z.number().int().min(1).max(180),
  /** Most pages per combination in a backfill (JSearch num_pages, Active Jobs DB offset pages). */
  backfillPages: z.number().int().min(1).max(20),
  /** Most pages per combination in a daily load; the plan of calls asks for fewer when fewer will do. */
  dailyPages: z.number().int().min(1).max(10),
  /** Plan rows below this priority are loaded at most this many days late (0: everything every day). */
  maxDelayDays: z.number().int().min(0).max(7),
  /** Rows at or above this priority are loaded every day. */
  highPriority: z.number().int().min(1).max(10),
})
export type QuotaKnobs = z.infer<typeof knobsSchema>

export const DEFAULT_KNOBS: QuotaKnobs = {
  backfillDepthDays: 30,
  backfillPages: 5,
  dailyPages: 10,
  maxDelayDays: 3,
  highPriority: 8,
}
export const KNOBS_SETTING = 'quota.knobs'

export async function readKnobs(db: Kysely<Database>): Promise<QuotaKnobs> {
  const saved = await getSetting(db, KNOBS_SETTING, knobsSchema.partial(), {})
  return { ...DEFAULT_KNOBS, ...saved }
}

export async function writeKnobs(
  db: Kysely<Database>,
  change: Partial<QuotaKnobs>,
  clock: Clock,
): Promise<QuotaKnobs> {
  const next = knobsSchema.parse({ ...(await readKnobs(db)), ...change })
  await setSetting(db, KNOBS_SETTING, next, clock)
  return next
}
