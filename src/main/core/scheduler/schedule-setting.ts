import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { AppConfig } from '../config/config'
import type { Database } from '../db/schema'
import { getSetting } from '../repos/settings-repo'

/** The schedule is saved in the (shared) database, so every instance sharing it loads at the same time. */
export const SCHEDULE_SETTING = 'schedule'
const scheduleSettingSchema = z.object({ time: z.string(), timezone: z.string() })

/** The schedule in effect: the environment's when it sets one, else the one saved in the database. */
export async function scheduleInEffect(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'dailyAt' | 'timezone' | 'scheduleFromEnvironment'>,
): Promise<{ time: string; timezone: string; fromEnvironment: boolean }> {
  const fromEnv = { time: config.dailyAt, timezone: config.timezone }
  if (config.scheduleFromEnvironment) return { ...fromEnv, fromEnvironment: true }
  return {
    ...(await getSetting(db, SCHEDULE_SETTING, scheduleSettingSchema, fromEnv)),
    fromEnvironment: false,
  }
}
