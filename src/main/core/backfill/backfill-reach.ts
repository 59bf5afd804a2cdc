import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { Database } from '../db/schema'
import { getSetting, setSetting } from '../repos/settings-repo'
import type { BackfillReachStore } from '../sources/activejobs/activejobs-client'

/**
 * How far back an Active Jobs DB backfill reaches: a month where the plan has the 6-month window, else the
 * 7 days every plan has. Found once (one cheap call, or the plan refusing the window) and remembered in the
 * shared database, so every machine on it knows.
 */
export const REACH_SETTING = 'activejobs.backfillReach'
const reachSchema = z.object({
  window: z.enum(['7d', '6m']),
  how: z.enum(['probe', 'refused']),
  at: z.string(),
})

export function settingsReachStore(db: Kysely<Database>, clock: Clock): BackfillReachStore {
  return {
    get: async () => (await getSetting(db, REACH_SETTING, reachSchema.nullable(), null))?.window ?? null,
    set: (window, how) => setSetting(db, REACH_SETTING, { window, how, at: clock().toISOString() }, clock),
  }
}

export interface BackfillReach {
  /** Days an Active Jobs DB backfill reaches back (JSearch always reaches the backfill depth). */
  activeJobsDays: number
  /** One line for the plan grid and the status: how far, and why. */
  text: string
}

/** The reach in effect: the environment's choice, else what was found out, else not known yet. */
export async function backfillReach(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'activeJobsBackfillWindow' | 'activeJobsGeneration'>,
  depthDays: number,
): Promise<BackfillReach> {
  const month = depthDays > 7
  if (month && config.activeJobsBackfillWindow === 'auto' && config.activeJobsGeneration === 'legacy')
    return {
      activeJobsDays: 7,
      text: `Backfills reach ${depthDays} days back on JSearch and 7 days on Active Jobs DB (its legacy 6-month window has no date filter and would bill six months of jobs per backfill; ACTIVEJOBS_BACKFILL_WINDOW=6m uses it anyway).`,
    }
  const saved = await getSetting(db, REACH_SETTING, reachSchema.nullable(), null)
  const window =
    config.activeJobsBackfillWindow === 'auto' ? (saved?.window ?? null) : config.activeJobsBackfillWindow
  const how =
    config.activeJobsBackfillWindow !== 'auto'
      ? 'set by ACTIVEJOBS_BACKFILL_WINDOW'
      : saved?.how === 'refused'
        ? 'your plan refused the 6-month window'
        : saved
          ? window === '6m'
            ? 'your plan has the 6-month window'
            : 'your plan has no 6-month window'
          : 'found out with one call at the first backfill'
  if (!month || window === '6m')
    return {
      activeJobsDays: depthDays,
      text: `Backfills reach ${depthDays} days back on both sources${window === '6m' ? ` (${how})` : ''}.`,
    }
  if (window === null)
    return {
      activeJobsDays: 7,
      text: `Backfills reach ${depthDays} days back on JSearch; on Active Jobs DB 7 days, or ${depthDays} if your plan has the 6-month window (${how}).`,
    }
  return {
    activeJobsDays: 7,
    text: `Backfills reach ${depthDays} days back on JSearch and 7 days on Active Jobs DB (${how}).`,
  }
}
