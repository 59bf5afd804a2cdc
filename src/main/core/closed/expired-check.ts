import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DailyReport } from '../../../shared/daily-report'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { errorMessage } from '../errors'
import { closeExpired } from '../repos/closed-repo'
import { getSetting, setSetting } from '../repos/settings-repo'
import type { JobSource } from '../sources/job-source'
import { SourceError } from '../sources/source-error'

/** The UTC day the expired list was last read (it is the list of the day before). Shared by the database. */
export const EXPIRED_DAY_SETTING = 'activejobs.expired.day'
/** The UTC day the plan last refused the list: asked again after 30 days (plans change). */
export const EXPIRED_REFUSED_SETTING = 'activejobs.expired.refusedOn'
const REASK_AFTER_DAYS = 30
const daySchema = z.string().regex(/^\d{4}-\d\d-\d\d$/)

/**
 * Once a day (the first load of a UTC day; the daily-load lock keeps two processes from both asking):
 * Active Jobs DB's list of the jobs it flagged expired yesterday, and our open jobs among them closed.
 * Undefined when there is nothing to say: no Active Jobs DB source, or the list was read today, or the plan
 * refused it recently. A failure is a note on the report, never a failed load: the next load asks again.
 */
export async function checkExpired(
  db: Kysely<Database>,
  sources: readonly JobSource[],
  clock: Clock,
  signal?: AbortSignal,
): Promise<DailyReport['expired']> {
  const source = sources.find((s) => s.id === 'activejobs' && s.expiredIds)
  if (!source?.expiredIds) return undefined
  const today = clock().toISOString().slice(0, 10)
  if ((await getSetting(db, EXPIRED_DAY_SETTING, daySchema, '')) === today) return undefined
  const refused = await getSetting(db, EXPIRED_REFUSED_SETTING, daySchema, '')
  if (refused && Date.parse(today) - Date.parse(refused) < REASK_AFTER_DAYS * 86_400_000) return undefined
  try {
    const ids = await source.expiredIds(signal)
    const closed = await closeExpired(db, ids, clock)
    await setSetting(db, EXPIRED_DAY_SETTING, today, clock)
    return { listed: ids.length, closed, note: null }
  } catch (error) {
    if (error instanceof SourceError && error.kind === 'endpoint-disabled') {
      await setSetting(db, EXPIRED_REFUSED_SETTING, today, clock)
      return {
        listed: 0,
        closed: 0,
        note: `Active Jobs DB's list of expired jobs is not part of your plan (Ultra and Mega have it): jobs no source shows for the days Settings gives are marked probably closed instead. Asked again in ${REASK_AFTER_DAYS} days.`,
      }
    }
    return {
      listed: 0,
      closed: 0,
      note: `Active Jobs DB's list of expired jobs could not be read (${errorMessage(error).replace(/\.$/, '')}); the next load asks again.`,
    }
  }
}
