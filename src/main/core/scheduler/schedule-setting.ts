import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { AppConfig } from '../config/config'
import type { Database } from '../db/schema'
import { getSetting } from '../repos/settings-repo'
import { lastSlotOf, localDate, parseTimes } from './slots'

/** The schedule is saved in the (shared) database, so every instance sharing it loads at the same time. */
export const SCHEDULE_SETTING = 'schedule'
const scheduleSettingSchema = z.object({
  time: z.string(),
  timezone: z.string(),
  /** When it was saved: today's slots before then were never due under it. */
  savedAt: z.string().optional(),
})

/** The schedule in effect: the environment's when it sets one, else the one saved in the database. */
export async function scheduleInEffect(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'dailyAt' | 'timezone' | 'scheduleFromEnvironment'>,
): Promise<{ time: string; timezone: string; fromEnvironment: boolean; savedAt?: string }> {
  const fromEnv = { time: config.dailyAt, timezone: config.timezone }
  if (config.scheduleFromEnvironment) return { ...fromEnv, fromEnvironment: true }
  return {
    ...(await getSetting(db, SCHEDULE_SETTING, scheduleSettingSchema, fromEnv)),
    fromEnvironment: false,
  }
}

/**
 * "The 06:00 load of today has not run — load now?": when the schedule was saved after today's last slot
 * had passed, that slot was never due under it and is not caught up silently; the person is asked.
 */
export async function missedTodayPrompt(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'dailyAt' | 'timezone' | 'scheduleFromEnvironment'>,
  now: Date,
): Promise<string | null> {
  const schedule = await scheduleInEffect(db, config)
  if (!schedule.savedAt || schedule.fromEnvironment) return null
  const slot = lastSlotOf(now, parseTimes(schedule.time), schedule.timezone)
  if (slot.date !== localDate(now, schedule.timezone)) return null
  if (Date.parse(schedule.savedAt) <= slot.at.getTime()) return null
  const loaded = await db
    .selectFrom('runs')
    .select('id')
    .where('kind', '=', 'daily')
    .where('started_at', '>=', slot.at.toISOString())
    .executeTakeFirst()
  if (loaded) return null
  return `The ${slot.time} load of today has not run — load now?`
}
