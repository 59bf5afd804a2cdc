import type { Kysely } from 'kysely'
import { comboId, SOURCES, type SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { Database } from '../db/schema'
import { combinationsNeedingBackfill } from '../repos/backfill-repo'
import type { QuotaKnobs } from '../repos/knobs-repo'
import { type ActiveCombination, activeCombinations } from '../repos/queries-repo'
import { parseTimes } from '../scheduler/slots'
import { planBatches } from '../sources/activejobs/batching'
import { jsearchBilledRequests } from '../sources/jsearch/jsearch-client'
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

const JSEARCH_PAGE = 10
const ACTIVEJOBS_LIMIT = 100
/** Jobs per day assumed for a combination nobody has data for yet, when no combination has any. */
const FALLBACK_YIELD = 1

type Yield = Map<string, number>
const key = (titleKey: string, locationKey: string, source: string) => comboId(titleKey, locationKey, source)

/**
 * Jobs per day each combination brought from each source over the last 30 days (what its searches will
 * return), from the matches recorded; a combination without history gets the average of the others.
 */
async function recordedYield(
  db: Kysely<Database>,
  clock: Clock,
): Promise<{ perCombination: Yield; average: Record<SourceId, number> }> {
  const since = new Date(clock().getTime() - 30 * 86_400_000).toISOString()
  const rows = await db
    .selectFrom('job_matches as m')
    .innerJoin('jobs as j', 'j.id', 'm.job_id')
    .select([
      'm.title_key',
      'm.location_key',
      'm.source',
      (eb) => eb.fn.count<number | string>('m.job_id').distinct().as('jobs'),
    ])
    .where('j.sort_at', '>=', since)
    .groupBy(['m.title_key', 'm.location_key', 'm.source'])
    .execute()
  const perCombination: Yield = new Map(
    rows.map((r) => [key(r.title_key, r.location_key, r.source), Number(r.jobs) / 30]),
  )
  const average = Object.fromEntries(
    SOURCES.map((source) => {
      const values = rows.filter((r) => r.source === source).map((r) => Number(r.jobs) / 30)
      return [source, values.length ? values.reduce((a, b) => a + b, 0) / values.length : FALLBACK_YIELD]
    }),
  ) as Record<SourceId, number>
  return { perCombination, average }
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
    activeJobs: Pick<AppConfig, 'activeJobsGeneration' | 'activeJobsBackfillWindow'>
  },
): Promise<Projection> {
  const all = await activeCombinations(db, 0)
  const pending = await combinationsNeedingBackfill(db, options.sources.length ? options.sources : SOURCES)
  const { perCombination, average } = await recordedYield(db, options.clock)
  const yieldOf = (c: { titleKey: string; locationKey: string }, source: SourceId) =>
    perCombination.get(key(c.titleKey, c.locationKey, source)) ?? average[source]

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

function jsearchBackfill(
  owed: Array<{ titleKey: string; locationKey: string }>,
  settings: QuotaSettings,
  yieldOf: (c: { titleKey: string; locationKey: string }, s: SourceId) => number,
) {
  let requests = 0
  for (const combination of owed) {
    const found = yieldOf(combination, 'jsearch') * settings.backfillDepthDays
    // One call asks for up to 10 pages; another follows only when all of them came back full.
    requests += jsearchBilledRequests(Math.min(settings.backfillPages, 10))
    if (settings.backfillPages > 10 && found >= 10 * JSEARCH_PAGE)
      requests += jsearchBilledRequests(settings.backfillPages - 10)
  }
  return { requests, jobs: 0 }
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
  yieldOf: (c: { titleKey: string; locationKey: string }, s: SourceId) => number,
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

function activeJobsBackfill(
  owed: Array<{ titleKey: string; locationKey: string; titleKeyword: string; location: string }>,
  settings: QuotaSettings,
  yieldOf: (c: { titleKey: string; locationKey: string }, s: SourceId) => number,
  config: Pick<AppConfig, 'activeJobsGeneration' | 'activeJobsBackfillWindow'>,
) {
  // Which window the API is asked for: the 7-day endpoint covers 7 days at most; the legacy 6-month one has
  // no date filter, so every job of the six months is billed.
  const depth = settings.backfillDepthDays
  const billedDays =
    config.activeJobsGeneration === '2026'
      ? depth
      : depth > 7 && config.activeJobsBackfillWindow === '6m'
        ? 180
        : Math.min(depth, 7)
  let requests = 0
  let jobs = 0
  const combos = owed.map((o) => ({
    title: o.titleKeyword,
    location: o.location,
    titleKey: o.titleKey,
    locationKey: o.locationKey,
  }))
  for (const batch of planBatches(combos, { maxTitles: 10, maxLocations: 10 })) {
    const available = batch.combinations.reduce((n, c) => n + yieldOf(c, 'activejobs'), 0) * billedDays
    const returned = Math.min(
      available,
      settings.backfillPages * batch.combinations.length * ACTIVEJOBS_LIMIT,
    )
    requests += Math.max(
      1,
      Math.min(
        settings.backfillPages * batch.combinations.length,
        Math.ceil((returned + 1) / ACTIVEJOBS_LIMIT),
      ),
    )
    jobs += returned
  }
  return { requests, jobs }
}

function asCombination(c: ActiveCombination) {
  return { title: c.titleKeyword, location: c.location, titleKey: c.titleKey, locationKey: c.locationKey }
}
