import { join, resolve, sep } from 'node:path'
import type { Settings } from '../../../../shared/contract/settings'
import { SOURCES } from '../../../../shared/domain'
import { namesDatabaseInFull, parseDatabaseUrl } from '../../db/database-url'
import { UserError } from '../../errors'
import { OPINION_TOKENS_PER_JOB } from '../../fit/opinion'
import { DEFAULT_PLAN_LIMITS } from '../../quota/analysis'
import { PLAN_LIMITS_SETTING, planLimitsSchema } from '../../quota/plan-limits'
import { combinationsNeedingBackfill } from '../../repos/backfill-repo'
import {
  DEFAULT_PROBABLY_CLOSED_DAYS,
  PROBABLY_CLOSED_SETTING,
  probablyClosedSchema,
} from '../../repos/closed-repo'
import { MIN_PRIORITY_SETTING, minPrioritySchema, readKnobs, writeKnobs } from '../../repos/knobs-repo'
import { getSetting, setSetting } from '../../repos/settings-repo'
import { missedTodayPrompt } from '../../scheduler/schedule-setting'
import { type AppContext, claudeFor, effectiveKeys, enabledSourceIds } from '../app-context'
import { checkDatabase } from '../database-check'
import { testKey } from '../key-check'
import { KEY_NAMES, saveDatabaseUrl } from '../secrets'
import type { HandlerGroup } from './types'

export function settingsHandlers(
  ctx: AppContext,
): HandlerGroup<'settings/get' | 'settings/update' | 'keys/test' | 'database/test-connection'> {
  const { db } = ctx.handle

  const scheduleView = async (): Promise<Settings['schedule']> => {
    const { time, timezone, fromEnvironment } = await ctx.schedule.time()
    const missedToday = await missedTodayPrompt(db, ctx.config, ctx.clock())
    return { time, timezone, fromEnvironment, missedToday }
  }

  const read = async (): Promise<Settings> => {
    const local = ctx.local.get()
    const keys = effectiveKeys(ctx)
    const limits = await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {})
    const keyState = (name: (typeof KEY_NAMES)[number]) => ({
      set: keys.environment[name] || ctx.secrets.has(name),
      fromEnvironment: keys.environment[name],
    })
    return {
      schedule: await scheduleView(),
      minPriority: await getSetting(db, MIN_PRIORITY_SETTING, minPrioritySchema, 0),
      knobs: await readKnobs(db),
      planLimits: Object.fromEntries(
        SOURCES.map((s) => [s, limits[s] ?? DEFAULT_PLAN_LIMITS[s]]),
      ) as Settings['planLimits'],
      sources: Object.fromEntries(
        SOURCES.map((s) => [s, { enabled: local.sourcesEnabled[s] !== false, key: keyState(s) }]),
      ) as Settings['sources'],
      anthropicKey: keyState('anthropic'),
      canStoreKeys: ctx.secrets.canStore,
      keyStoreProblem: ctx.secrets.unavailableReason ?? null,
      blocklist: local.blocklist,
      storage: {
        current: ctx.handle.location,
        saved: local.databaseUrl ? displayUrl(local.databaseUrl, ctx.config.dataDir) : null,
        fromEnvironment: ctx.config.databaseUrl !== undefined,
      },
      startAtLogin: local.startAtLogin,
      notifications: local.notifications,
      notifyMinFit: local.notifyMinFit,
      probablyClosedDays: await getSetting(
        db,
        PROBABLY_CLOSED_SETTING,
        probablyClosedSchema,
        DEFAULT_PROBABLY_CLOSED_DAYS,
      ),
      currencyRates: local.currencyRates,
      opinions: {
        ...local.opinions,
        tokensPerJob: OPINION_TOKENS_PER_JOB,
        available: claudeFor(ctx) !== undefined,
      },
    }
  }

  return {
    'settings/get': read,

    'settings/update': async (change) => {
      const sourcesBefore = enabledSourceIds(ctx)
      // Turning the second opinion on needs a key, whether it comes with this change or was set before.
      if (change.opinions?.enabled && !claudeFor(ctx) && !change.keys?.anthropic)
        throw new UserError(
          'Add a Claude key first (Settings → Keys): the second opinion asks Claude.',
          'settings.opinions-no-key',
        )
      if (change.databaseUrl !== undefined) {
        if (ctx.config.databaseUrl !== undefined) {
          throw new UserError(
            'DATABASE_URL is set in the environment and wins: change it there.',
            'settings.db-from-env',
          )
        }
        if (change.databaseUrl) {
          serverSafeTarget(ctx, change.databaseUrl)
          // Saved only once it works: a database that cannot be opened would stop the next start.
          const check = await checkDatabase(change.databaseUrl, ctx.config.dataDir)
          if (!check.ok)
            throw new UserError(`Not saved: ${check.message.replace(/\.$/, '')}.`, 'settings.db-unreachable')
        }
      }
      if (change.keys) {
        for (const name of KEY_NAMES) {
          if (change.keys[name] !== undefined) ctx.secrets.set(name, change.keys[name])
        }
      }
      if (change.schedule) await ctx.schedule.setTime(change.schedule.time, change.schedule.timezone)
      if (change.minPriority !== undefined)
        await setSetting(db, MIN_PRIORITY_SETTING, change.minPriority, ctx.clock)
      if (change.knobs) await writeKnobs(db, change.knobs, ctx.clock)
      if (change.probablyClosedDays !== undefined)
        await setSetting(db, PROBABLY_CLOSED_SETTING, change.probablyClosedDays, ctx.clock)
      if (change.planLimits) {
        const limits = await getSetting(db, PLAN_LIMITS_SETTING, planLimitsSchema, {})
        await setSetting(db, PLAN_LIMITS_SETTING, { ...limits, ...change.planLimits }, ctx.clock)
      }
      if (change.databaseUrl !== undefined)
        saveDatabaseUrl(ctx.local, ctx.secrets, change.databaseUrl || null)
      const local = ctx.local.get()
      ctx.local.update({
        ...(change.sourcesEnabled
          ? { sourcesEnabled: { ...local.sourcesEnabled, ...change.sourcesEnabled } }
          : {}),
        ...(change.blocklist ? { blocklist: change.blocklist } : {}),
        ...(change.notifications !== undefined ? { notifications: change.notifications } : {}),
        ...(change.startAtLogin !== undefined ? { startAtLogin: change.startAtLogin } : {}),
        ...(change.notifyMinFit !== undefined ? { notifyMinFit: change.notifyMinFit } : {}),
        ...(change.currencyRates !== undefined ? { currencyRates: change.currencyRates } : {}),
        ...(change.opinions ? { opinions: change.opinions } : {}),
      })
      if (change.startAtLogin !== undefined) ctx.platform.setStartAtLogin?.(change.startAtLogin)

      // A source that just got a key (or was switched on) backfills the plan at once.
      const sourcesNow = enabledSourceIds(ctx)
      if (sourcesNow.some((s) => !sourcesBefore.includes(s))) {
        ctx.events.emit('quota/changed', { sources: sourcesNow })
        if ((await combinationsNeedingBackfill(db, sourcesNow)).length > 0)
          void ctx.backfill.request('settings')
      }
      return read()
    },

    'keys/test': ({ key, value }) => testKey(ctx, key, value),

    'database/test-connection': ({ url }) => {
      // Refused before anything is opened: the check itself must not touch a file it may not use.
      serverSafeTarget(ctx, url)
      return checkDatabase(url, ctx.config.dataDir)
    },
  }
}

function displayUrl(url: string, dataDir: string): string {
  try {
    const target = parseDatabaseUrl(url, dataDir)
    return target.kind === 'postgres' ? target.display : target.path
  } catch {
    return url
  }
}

/**
 * The database a URL names, refusing on the headless server a SQLite file outside its data folder: a
 * browser must not be able to make the server create or open files anywhere its user can write.
 */
function serverSafeTarget(ctx: AppContext, url: string) {
  // A URL that does not parse, or a bare word that is no full path, is the connection check's to explain.
  if (!namesDatabaseInFull(url)) return undefined
  let target: ReturnType<typeof parseDatabaseUrl>
  try {
    target = parseDatabaseUrl(url, ctx.config.dataDir)
  } catch {
    return undefined
  }
  if (ctx.mode !== 'server' || target.kind !== 'sqlite' || target.path === ':memory:') return target
  const dir = resolve(ctx.config.dataDir)
  if (!resolve(target.path).startsWith(dir + sep)) {
    throw new UserError(
      `On the headless server a SQLite file must be inside its data folder (${dir}): use a name such as sqlite:${join(dir, 'shared.sqlite')}.`,
      'settings.db-outside',
    )
  }
  return target
}
