import type { Kysely } from 'kysely'
import type { SourceId } from '../../../shared/domain'
import { settingsReachStore } from '../backfill/backfill-reach'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { Database } from '../db/schema'
import { UserError } from '../errors'
import { knobsSchema, MIN_PRIORITY_SETTING, minPrioritySchema, readKnobs } from '../repos/knobs-repo'
import { getSetting } from '../repos/settings-repo'
import { scheduleInEffect } from '../scheduler/schedule-setting'
import { formatTimes, parseTimes } from '../scheduler/slots'
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

/** The month's quota now and with the change, for everyone's current plans. Nothing is saved. */
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
): Promise<Projection & { settingsNow: QuotaSettings; settingsWhatIf: QuotaSettings }> {
  const now = await currentQuotaSettings(db, context.config)
  const changed = { ...now, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) }
  const projection = await projectQuota(db, {
    clock: context.clock,
    sources: context.sources,
    now,
    whatIf: changed,
    planLimits: await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {}),
    activeJobs: {
      activeJobsGeneration: context.config.activeJobsGeneration,
      // What the plan was found to allow; not known yet: the 7 days every plan has.
      activeJobsBackfillWindow:
        context.config.activeJobsBackfillWindow !== 'auto'
          ? context.config.activeJobsBackfillWindow
          : context.config.activeJobsGeneration === 'legacy'
            ? '7d'
            : ((await settingsReachStore(db, context.clock).get()) ?? '7d'),
    },
  })
  return { ...projection, settingsNow: now, settingsWhatIf: changed }
}
