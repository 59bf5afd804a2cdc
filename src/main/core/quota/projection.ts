import type { Kysely } from 'kysely'
import { SOURCES, type SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { combinationsNeedingBackfill } from '../repos/backfill-repo'
import type { QuotaKnobs } from '../repos/knobs-repo'
import { type ActiveCombination, activeCombinations } from '../repos/queries-repo'
import { parseTimes } from '../scheduler/slots'
import { planBatches } from '../sources/activejobs/batching'
import {
  ACTIVEJOBS_LIMIT,
  type ActiveJobsTerms,
  activeJobsBackfill,
  jsearchBackfill,
  recordedYield,
  type YieldOf,
} from './backfill-cost'
import { plannerCombinations, quotaFigures } from './model'
import type { PlanLimits } from './plan-limits'
import { planSource } from './planner'

/** Everything the quota depends on that a person can turn. */
export interface QuotaSettings extends QuotaKnobs {
  /** Daily load times, "06:00" or "06:00,18:00". */
  times: string
  /** Rows below this priority are not loaded daily. */
  minPriority: number
}

export interface Estimate {
  /** A month of daily loads plus the backfill of the combinations not yet fetched. */
  requests: number
  jobs: number
  daily: { requests: number; jobs: number }
  backfill: { requests: number; jobs: number }
}

export interface SourceProjection {
  source: SourceId
  unit: 'requests' | 'jobs'
  limit: number
  now: Estimate
  whatIf: Estimate
}

export interface Projection {
  rows: number
  combinations: number
  /** Combinations loaded daily under the current settings, and under the what-if. */
  dailyNow: number
  dailyWhatIf: number
  /** Combination × source pairs nobody has backfilled yet. */
  pendingBackfill: number
  sources: SourceProjection[]
}

/**
 * The month's quota per source under the current settings and under a what-if, for the current plans of
 * everyone on the database: the daily loads (each API billed as it bills: JSearch by pages asked,
 * Active Jobs DB per call and per job returned, in batches) plus the backfill still owed. Nothing is saved.
 */
export async function projectQuota(
  db: Kysely<Database>,
  options: {
    clock: Clock
    sources: readonly SourceId[]
    now: QuotaSettings
    whatIf: QuotaSettings
    planLimits: Partial<Record<SourceId, PlanLimits>>
    activeJobs: ActiveJobsTerms
  },
): Promise<Projection> {
  const all = await activeCombinations(db, 0)
  const pending = await combinationsNeedingBackfill(db, options.sources.length ? options.sources : SOURCES)
  const yieldOf = await recordedYield(db, options.clock)

  const jsearchInputs = await plannerCombinations(db, 'jsearch', all, options.clock(), options.now)
  const estimate = (source: SourceId, settings: QuotaSettings): Estimate => {
    const loadsPerDay = parseTimes(settings.times).length
    const daily = all.filter((c) => c.maxPriority >= settings.minPriority)
    const owed = pending.filter((p) => p.source === source)
    const d =
      source === 'jsearch'
        ? jsearchDaily(
            jsearchInputs.filter((c) => c.priority >= settings.minPriority),
            settings,
            loadsPerDay,
            options.clock(),
          )
        : activeJobsDaily(daily, settings, loadsPerDay, yieldOf)
    const b =
      source === 'jsearch'
        ? jsearchBackfill(owed, settings, yieldOf)
        : activeJobsBackfill(owed, settings, yieldOf, options.activeJobs)
    return {
      requests: Math.round(d.requests + b.requests),
      jobs: Math.round(d.jobs + b.jobs),
      daily: { requests: Math.round(d.requests), jobs: Math.round(d.jobs) },
      backfill: { requests: Math.round(b.requests), jobs: Math.round(b.jobs) },
    }
  }

  return {
    rows: all.reduce((n, c) => n + c.rows, 0),
    combinations: all.length,
    dailyNow: all.filter((c) => c.maxPriority >= options.now.minPriority).length,
    dailyWhatIf: all.filter((c) => c.maxPriority >= options.whatIf.minPriority).length,
    pendingBackfill: pending.length,
    sources: await Promise.all(
      SOURCES.map(async (source) => {
        // The same limit every screen shows: the gateway's newest headers win over the settings.
        const figures = await quotaFigures(db, source, options.clock, options.planLimits[source])
        return {
          source,
          unit: figures.unit,
          limit: figures.limit,
          now: estimate(source, options.now),
          whatIf: estimate(source, options.whatIf),
        }
      }),
    ),
  }
}

/**
 * JSearch's month under the plan of calls: what the planner, with these settings, spends a day when every
 * combination is on time (the same planner the daily load follows).
 */
function jsearchDaily(
  combos: Parameters<typeof planSource>[1],
  settings: QuotaSettings,
  loadsPerDay: number,
  now: Date,
) {
  const plan = planSource(
    now,
    combos,
    { source: 'jsearch', unit: 'requests', left: Infinity, daysLeft: 30, reserve: 0, averagePerDay: 0 },
    {
      highPriority: settings.highPriority,
      maxDelayDays: settings.maxDelayDays,
      maxPages: settings.dailyPages,
      loadsPerDay,
    },
  )
  return { requests: 30 * plan.neededPerDay, jobs: 0 }
}

/**
 * Active Jobs DB bills a request per call and a job per job returned. A load asks once per batch of
 * combinations, and pages on while pages come back full; several loads a day each ask only for the time
 * since the one before, so the jobs billed per day stay the same.
 */
function activeJobsDaily(
  combos: ActiveCombination[],
  settings: QuotaSettings,
  loadsPerDay: number,
  yieldOf: YieldOf,
) {
  let requests = 0
  let jobs = 0
  for (const batch of planBatches(combos.map(asCombination), { maxTitles: 10, maxLocations: 10 })) {
    const perLoad = batch.combinations.reduce((n, c) => n + yieldOf(c, 'activejobs'), 0) / loadsPerDay
    const cap = settings.dailyPages * batch.combinations.length * ACTIVEJOBS_LIMIT
    const returned = Math.min(perLoad, cap)
    requests +=
      30 *
      loadsPerDay *
      Math.max(
        1,
        Math.min(
          settings.dailyPages * batch.combinations.length,
          Math.ceil((returned + 1) / ACTIVEJOBS_LIMIT),
        ),
      )
    jobs += 30 * loadsPerDay * returned
  }
  return { requests, jobs }
}

function asCombination(c: ActiveCombination) {
  return { title: c.titleKeyword, location: c.location, titleKey: c.titleKey, locationKey: c.locationKey }
}
