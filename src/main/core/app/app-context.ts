import { SOURCES, type SourceId } from '../../../shared/domain'
import type { BackgroundBackfill } from '../backfill/background'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { LocalStore } from '../config/local-settings'
import type { ClaudeOptions } from '../cv/claude-parser'
import type { DbHandle } from '../db/open'
import { UserError } from '../errors'
import { findUserByEmail } from '../repos/users-repo'
import type { JobSource } from '../sources/job-source'
import type { DailyRunner } from './daily-runner'
import type { EventBus } from './event-bus'
import type { Logger } from './logger'
import type { ScheduleController } from './schedule-controller'
import type { SecretStore } from './secrets'

/** What only the desktop shell can do; absent in the headless server and in tests. */
export interface PlatformHooks {
  setStartAtLogin?(enabled: boolean): void
  /** Starts the app again, on the demo data set or on the real data. */
  relaunch?(options: { demo: boolean }): void
  /** Shows a desktop notification; clicking it opens the feed. */
  notify?(notice: { title: string; body: string }): void
}

/** Everything a handler needs: the open database, the app's services and this machine's settings. */
export interface AppContext {
  handle: DbHandle
  config: AppConfig
  clock: Clock
  mode: 'desktop' | 'server'
  events: EventBus
  local: LocalStore
  secrets: SecretStore
  log: Logger
  backfill: BackgroundBackfill
  daily: DailyRunner
  schedule: ScheduleController
  platform: PlatformHooks
  /** The enabled sources, with the keys in effect now, writing their calls to the ledger under a run. */
  sourcesFor(runId: number | null, config?: AppConfig): JobSource[]
}

type KeyedConfig = Pick<AppConfig, 'jsearchApiKey' | 'activeJobsApiKey' | 'anthropicApiKey'>

/** The keys in effect: the environment's win over those saved in the app; a switched-off source has none. */
export function effectiveKeys(
  ctx: Pick<AppContext, 'config' | 'secrets' | 'local'>,
): KeyedConfig & { environment: Record<'jsearch' | 'activejobs' | 'anthropic', boolean> } {
  const enabled = ctx.local.get().sourcesEnabled
  return {
    jsearchApiKey: enabled.jsearch === false ? undefined : availableKey(ctx, 'jsearch'),
    activeJobsApiKey: enabled.activejobs === false ? undefined : availableKey(ctx, 'activejobs'),
    anthropicApiKey: availableKey(ctx, 'anthropic'),
    environment: {
      jsearch: !!ctx.config.jsearchApiKey,
      activejobs: !!ctx.config.activeJobsApiKey,
      anthropic: !!ctx.config.anthropicApiKey,
    },
  }
}

/** A key from the environment or saved in the app, whether or not its source is switched on. */
export function availableKey(
  ctx: Pick<AppContext, 'config' | 'secrets'>,
  name: 'jsearch' | 'activejobs' | 'anthropic',
): string | undefined {
  const env = {
    jsearch: ctx.config.jsearchApiKey,
    activejobs: ctx.config.activeJobsApiKey,
    anthropic: ctx.config.anthropicApiKey,
  }
  return env[name] ?? ctx.secrets.get(name)
}

/** The configuration with the keys in effect now, for building sources. */
export function sourceConfig(ctx: Pick<AppContext, 'config' | 'secrets' | 'local'>): AppConfig {
  const keys = effectiveKeys(ctx)
  return { ...ctx.config, ...keys }
}

export function enabledSourceIds(ctx: Pick<AppContext, 'config' | 'secrets' | 'local'>): SourceId[] {
  if (ctx.config.demo) return SOURCES.filter((s) => ctx.local.get().sourcesEnabled[s] !== false)
  const keys = effectiveKeys(ctx)
  return [
    ...(keys.jsearchApiKey ? ['jsearch' as const] : []),
    ...(keys.activeJobsApiKey ? ['activejobs' as const] : []),
  ]
}

export function claudeFor(ctx: Pick<AppContext, 'config' | 'secrets' | 'local'>): ClaudeOptions | undefined {
  const apiKey = effectiveKeys(ctx).anthropicApiKey
  if (!apiKey) return undefined
  return { apiKey, baseUrl: ctx.config.anthropicBaseUrl, model: ctx.config.anthropicModel }
}

/** The person this app works for, or undefined before the first CV or profile. */
export async function currentUser(ctx: Pick<AppContext, 'handle' | 'local'>) {
  const email = ctx.local.get().userEmail
  return email ? findUserByEmail(ctx.handle.db, email) : undefined
}

export async function requireUser(ctx: Pick<AppContext, 'handle' | 'local'>) {
  const user = await currentUser(ctx)
  if (!user) {
    throw new UserError(
      'Import your CV (or enter your email) first: the plan and feed belong to a person.',
      'profile.none',
    )
  }
  return user
}
