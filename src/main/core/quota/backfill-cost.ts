import type { Kysely } from 'kysely'
import { comboId, SOURCES, type SourceId } from '../../../shared/domain'
import { settingsReachStore } from '../backfill/backfill-reach'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { Database } from '../db/schema'
import { combinationsNeedingBackfill } from '../repos/backfill-repo'
import type { QuotaKnobs } from '../repos/knobs-repo'
import { planBatches } from '../sources/activejobs/batching'
import { jsearchBilledRequests } from '../sources/jsearch/jsearch-client'

/**
 * What the backfill still owed will cost: every combination × source nobody has fetched a month of yet,
 * billed as each API bills (JSearch by pages asked, Active Jobs DB per call and per job returned), with
 * the jobs each search returns taken from what it returned before. The Quota card, the chart and
 * *What if…* all add it to the daily loads' projection.
 */

export const JSEARCH_PAGE = 10
export const ACTIVEJOBS_LIMIT = 100
/** Jobs per day assumed for a combination nobody has data for yet, when no combination has any. */
const FALLBACK_YIELD = 1

/** Which Active Jobs DB window a backfill asks for, which decides how many days of jobs it bills. */
export type ActiveJobsTerms = Pick<AppConfig, 'activeJobsGeneration' | 'activeJobsBackfillWindow'>

/** The configuration's defaults (`ACTIVEJOBS_API_GENERATION`, `ACTIVEJOBS_BACKFILL_WINDOW`). */
export const DEFAULT_ACTIVE_JOBS_TERMS: ActiveJobsTerms = {
  activeJobsGeneration: 'legacy',
  activeJobsBackfillWindow: 'auto',
}

/** The terms in effect: the configured window, else what the plan was found to allow (7 days until known). */
export async function activeJobsTerms(
  db: Kysely<Database>,
  config: ActiveJobsTerms,
  clock: Clock,
): Promise<ActiveJobsTerms> {
  return {
    activeJobsGeneration: config.activeJobsGeneration,
    activeJobsBackfillWindow:
      config.activeJobsBackfillWindow !== 'auto'
        ? config.activeJobsBackfillWindow
        : config.activeJobsGeneration === 'legacy'
          ? '7d'
          : ((await settingsReachStore(db, clock).get()) ?? '7d'),
  }
}

export interface BackfillCost {
  requests: number
  jobs: number
}

const NOTHING: BackfillCost = { requests: 0, jobs: 0 }

/** The owed backfill's cost per source under these knobs. */
export async function owedBackfillCost(
  db: Kysely<Database>,
  options: {
    clock: Clock
    sources: readonly SourceId[]
    knobs: Pick<QuotaKnobs, 'backfillDepthDays' | 'backfillPages'>
    activeJobs: ActiveJobsTerms
    yieldOf?: YieldOf
  },
): Promise<Record<SourceId, BackfillCost>> {
  if (options.sources.length === 0) return { jsearch: NOTHING, activejobs: NOTHING }
  const pending = await combinationsNeedingBackfill(db, options.sources)
  const yieldOf = options.yieldOf ?? (await recordedYield(db, options.clock))
  // A source that is off is not backfilled: it owes nothing.
  const owed = (source: SourceId) =>
    pending.filter((p) => p.source === source && options.sources.includes(source))
  return {
    jsearch: jsearchBackfill(owed('jsearch'), options.knobs, yieldOf),
    activejobs: activeJobsBackfill(owed('activejobs'), options.knobs, yieldOf, options.activeJobs),
  }
}

type Yield = Map<string, number>
/** Jobs per day a combination's searches return from a source. */
export type YieldOf = (c: { titleKey: string; locationKey: string }, source: SourceId) => number
const key = (titleKey: string, locationKey: string, source: string) => comboId(titleKey, locationKey, source)

/**
 * Jobs per day each combination brought from each source over the last 30 days (what its searches will
 * return), from the matches recorded; a combination without history gets the average of the others.
 */
export async function recordedYield(db: Kysely<Database>, clock: Clock): Promise<YieldOf> {
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
  return (c, source) => perCombination.get(key(c.titleKey, c.locationKey, source)) ?? average[source]
}

export function jsearchBackfill(
  owed: Array<{ titleKey: string; locationKey: string }>,
  settings: Pick<QuotaKnobs, 'backfillDepthDays' | 'backfillPages'>,
  yieldOf: YieldOf,
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

export function activeJobsBackfill(
  owed: Array<{ titleKey: string; locationKey: string; titleKeyword: string; location: string }>,
  settings: Pick<QuotaKnobs, 'backfillDepthDays' | 'backfillPages'>,
  yieldOf: YieldOf,
  config: ActiveJobsTerms,
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
