import { SOURCES, type SourceId } from '../../../shared/domain'
import type { BackgroundBackfill } from '../backfill/background'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { LocalStore } from '../config/local-settings'
import type { ClaudeOptions } from '../cv/claude-parser'
import type { DbHandle } from '../db/open'
import type { User } from '../db/schema'
import { UserError } from '../errors'
import { findUserByEmail, listUsers } from '../repos/users-repo'
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
  /** `cli`: one `job-monitor` command; it acts for the person its --email names, not for this machine's. */
  mode: 'desktop' | 'server' | 'cli'
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

/**
 * Whose data a call is about: the person an email names (on a database several people share), else the
 * person this app works for — or, for a command, which works for no one in particular, the one person
 * on the database (a command that reads everyone's data does not ask).
 */
export async function personFor(
  ctx: Pick<AppContext, 'handle' | 'local' | 'mode'>,
  email: string | undefined,
  code: string,
): Promise<User> {
  const { db } = ctx.handle
  if (email) {
    const user = await findUserByEmail(db, email)
    if (user) return user
    throw new UserError(
      ctx.mode === 'cli'
        ? `Nobody with the email ${email} has a plan yet: import a CV with "job-monitor cv add FILE --email ${email}".`
        : `Nobody with the email ${email} has a plan yet: import their CV first.`,
      code,
    )
  }
  if (ctx.mode !== 'cli') return requireUser(ctx)
  const users = await listUsers(db)
  if (users.length > 1)
    throw new UserError(
      `${users.length} people share this database: say whose feed with --email.`,
      'jobs.which-user',
    )
  if (!users[0])
    throw new UserError('No one has a plan yet: import a CV with "job-monitor cv add FILE --email E".', code)
  return users[0]
}

/** Where to add a key, in the words of the app the person is using. */
export function noSourcesMessage(ctx: Pick<AppContext, 'mode'>, then: string): string {
  return ctx.mode === 'cli'
    ? `No job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY, then ${then}.`
    : `No job source is enabled: add a JSearch or Active Jobs DB key in Settings (or the environment), then ${then}.`
}
