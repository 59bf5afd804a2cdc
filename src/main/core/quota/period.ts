import type { Kysely } from 'kysely'
import type { SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { MIN_PRIORITY_SETTING, minPrioritySchema, type QuotaKnobs, readKnobs } from '../repos/knobs-repo'
import { getSetting } from '../repos/settings-repo'
import { type ActiveJobsTerms, type BackfillCost, owedBackfillCost } from './backfill-cost'
import { type QuotaModel, quotaModel } from './model'
import type { PlanLimits } from './plan-limits'

/**
 * The period until each source's reset as every screen tells it — the Quota card, its chart, *What if…*
 * and `job-monitor quota`: what was used, what the daily plan of calls spends until the reset, and what the
 * backfill still owed costs, under the saved settings or (for a what-if) other ones. One function, so the
 * figures cannot drift apart.
 */
export async function periodModel(
  db: Kysely<Database>,
  options: {
    clock: Clock
    /** The sources switched on: the others are not planned and owe nothing. */
    sources: readonly SourceId[]
    loadsPerDay: number
    activeJobs: ActiveJobsTerms
    /** A what-if's knobs and priority floor; unset, the saved ones. */
    knobs?: QuotaKnobs
    minPriority?: number
    /** Plan limits other than the saved ones (tests, `--plan-limits`). */
    planLimits?: Partial<Record<SourceId, PlanLimits>>
  },
): Promise<QuotaModel & { owedBackfill: Record<SourceId, BackfillCost> }> {
  const knobs = options.knobs ?? (await readKnobs(db))
  const minPriority =
    options.minPriority ?? (await getSetting(db, MIN_PRIORITY_SETTING, minPrioritySchema, 0))
  const owedBackfill = await owedBackfillCost(db, {
    clock: options.clock,
    sources: options.sources,
    knobs,
    activeJobs: options.activeJobs,
  })
  const model = await quotaModel(db, {
    clock: options.clock,
    sources: options.sources,
    knobs,
    minPriority,
    loadsPerDay: options.loadsPerDay,
    planLimits: options.planLimits,
    owedBackfill,
  })
  return { ...model, owedBackfill }
}
