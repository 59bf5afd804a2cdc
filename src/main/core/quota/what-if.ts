import type { Kysely } from 'kysely'
import type { SourceId } from '../../../shared/domain'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { Database } from '../db/schema'
import { UserError } from '../errors'
import { knobsSchema, MIN_PRIORITY_SETTING, minPrioritySchema, readKnobs } from '../repos/knobs-repo'
import { getSetting } from '../repos/settings-repo'
import { scheduleInEffect } from '../scheduler/schedule-setting'
import { formatTimes, parseTimes } from '../scheduler/slots'
import { activeJobsTerms } from './backfill-cost'
import { periodModel } from './period'
import { PLAN_LIMITS_SETTING, planLimitsSchema } from './plan-limits'
import { type Projection, projectQuota, type QuotaSettings } from './projection'

export async function currentQuotaSettings(
  db: Kysely<Database>,
  config: Pick<AppConfig, 'dailyAt' | 'timezone' | 'scheduleFromEnvironment'>,
): Promise<QuotaSettings> {
  return {
    ...(await readKnobs(db)),
    times: formatTimes(parseTimes((await scheduleInEffect(db, config)).time)),
    minPriority: await getSetting(db, MIN_PRIORITY_SETTING, minPrioritySchema, 0),
  }
}

const NAMES: Record<string, keyof QuotaSettings> = {
  depth: 'backfillDepthDays',
  pages: 'backfillPages',
  'daily-pages': 'dailyPages',
  delay: 'maxDelayDays',
  high: 'highPriority',
  times: 'times',
  priority: 'minPriority',
}

/**
 * `depth=14,pages=3,times=06:00,18:00` → the settings it changes. `times` takes the comma-separated times
 * that follow it; every other name takes one number. A bad part is a one-line error naming it.
 */
export function parseWhatIf(text: string): Partial<QuotaSettings> {
  const change: Record<string, unknown> = {}
  let last: string | undefined
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value] = part.includes('=') ? (part.split('=', 2) as [string, string]) : [undefined, part]
    if (name === undefined) {
      if (last !== 'times')
        throw new UserError(
          `"${part}" in --what-if has no name: write name=value, such as depth=14.`,
          'quota.bad-what-if',
        )
      change.times = `${change.times},${value}`
      continue
    }
    const field = NAMES[name.trim()]
    if (!field) {
      throw new UserError(
        `Unknown what-if "${name}": use depth, pages, daily-pages, delay, high, times or priority.`,
        'quota.bad-what-if',
      )
    }
    last = field === 'times' ? 'times' : name
    change[field] = field === 'times' ? value.trim() : Number(value)
  }
  const times = typeof change.times === 'string' ? formatTimes(parseTimes(change.times)) : undefined
  const numbers = knobsSchema
    .partial()
    .extend({ minPriority: minPrioritySchema.optional() })
    .safeParse({ ...change, times: undefined })
  if (!numbers.success) {
    const issue = numbers.error.issues[0]!
    const name = Object.entries(NAMES).find(([, f]) => f === issue.path[0])?.[0] ?? String(issue.path[0])
    throw new UserError(`--what-if ${name}: ${issue.message.toLowerCase()}.`, 'quota.bad-what-if')
  }
  return { ...numbers.data, ...(times ? { times } : {}) }
}

/** One source's figures by its reset under one set of settings: what the Quota card would show. */
export interface ByReset {
  requests: number
  jobs: number
  verdict: 'comfortable' | 'tight' | 'short'
  /** In the billed unit: what every combination on time would spend by the reset (above `projected` when short). */
  needed: number
}

/**
 * The month's quota now and with the change, for everyone's current plans — as a 30-day month (`now`,
 * `whatIf`: what `job-monitor quota --what-if` prints) and as the period until each source's reset
 * (`byReset`: the figure the Quota card and its chart show, from the same model). Nothing is saved.
 */
export async function whatIf(
  db: Kysely<Database>,
  change: Partial<QuotaSettings>,
  context: {
    clock: Clock
    sources: readonly SourceId[]
    config: Pick<
      AppConfig,
      'dailyAt' | 'timezone' | 'scheduleFromEnvironment' | 'activeJobsGeneration' | 'activeJobsBackfillWindow'
    >
  },
): Promise<
  Omit<Projection, 'sources'> & {
    sources: Array<Projection['sources'][number] & { byReset: { now: ByReset; whatIf: ByReset } }>
    settingsNow: QuotaSettings
    settingsWhatIf: QuotaSettings
  }
> {
  const now = await currentQuotaSettings(db, context.config)
  const changed = { ...now, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) }
  const activeJobs = await activeJobsTerms(db, context.config, context.clock)
  const projection = await projectQuota(db, {
    clock: context.clock,
    sources: context.sources,
    now,
    whatIf: changed,
    planLimits: await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {}),
    activeJobs,
  })
  const period = (settings: QuotaSettings) => {
    const { times, minPriority, ...knobs } = settings
    return periodModel(db, {
      clock: context.clock,
      sources: context.sources,
      loadsPerDay: parseTimes(times).length,
      activeJobs,
      knobs,
      minPriority,
    })
  }
  const [periodNow, periodWhatIf] = [await period(now), await period(changed)]
  const byReset = (
    model: Awaited<ReturnType<typeof period>>,
    month: Projection['sources'][number]['now'],
    source: SourceId,
  ): ByReset => {
    const q = model.sources.find((s) => s.source === source)!
    const owed = model.owedBackfill[source]
    // The unit the plan bills is the card's figure; the other one (Active Jobs DB's requests) is what was
    // used, the daily loads' share of a month for the days left, and the backfill's calls.
    const other = (unit: 'requests' | 'jobs', used: number) =>
      q.unit === unit
        ? q.projected
        : used + Math.round((month.daily[unit] * q.daysLeft) / 30) + Math.round(owed[unit])
    return {
      requests: other('requests', q.usedRequests),
      jobs: source === 'jsearch' ? 0 : other('jobs', q.usedJobs),
      verdict: q.verdict,
      needed: q.needed,
    }
  }
  return {
    ...projection,
    sources: projection.sources.map((s) => ({
      ...s,
      byReset: {
        now: byReset(periodNow, s.now, s.source),
        whatIf: byReset(periodWhatIf, s.whatIf, s.source),
      },
    })),
    settingsNow: now,
    settingsWhatIf: changed,
  }
}
