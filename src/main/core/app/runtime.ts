import { settingsReachStore } from '../backfill/backfill-reach'
import { BackgroundBackfill } from '../backfill/background'
import { type Clock, systemClock } from '../clock'
import type { AppConfig } from '../config/config'
import { LocalStore } from '../config/local-settings'
import type { DbHandle } from '../db/open'
import { demoEpoch } from '../demo/demo-seed'
import { ledgerWriter } from '../quota/ledger'
import { type AppContext, enabledSourceIds, type PlatformHooks, sourceConfig } from './app-context'
import { openAppDatabase } from './app-database'
import { createSources } from './create-sources'
import { DailyRunner } from './daily-runner'
import { EventBus } from './event-bus'
import { createHandlers, type Handlers } from './handlers'
import { backfillEventToProgress } from './handlers/backfill-events'
import { createFileLogger, type Logger } from './logger'
import { ScheduleController } from './schedule-controller'
import { type Encryptor, SecretStore } from './secrets'

export interface RuntimeOptions {
  config: AppConfig
  mode: AppContext['mode']
  clock?: Clock
  encryptor?: Encryptor
  platform?: PlatformHooks
  log?: Logger
  /** An open, migrated database to use instead of opening the configured one (tests). */
  handle?: DbHandle
  /** Electron's build of better-sqlite3, when the desktop shell runs. */
  sqliteNativeBinding?: string
}

export interface AppRuntime {
  ctx: AppContext
  handlers: Handlers
  /** Stops the scheduler, waits for running work, closes the database and the log. */
  close(): Promise<void>
}

/**
 * The app as the desktop shell and the headless server run it: the database opened and migrated, the
 * services wired to one event bus, and the handler table every transport serves. The scheduler is not
 * started here; the caller decides (`ctx.schedule.start()`).
 */
export async function createAppRuntime(options: RuntimeOptions): Promise<AppRuntime> {
  const { config } = options
  const clock = options.clock ?? systemClock
  const log = options.log ?? createFileLogger(config.dataDir)
  const handle =
    options.handle ??
    (await openAppDatabase(config, { sqliteNativeBinding: options.sqliteNativeBinding, clock }))
  // Read after the database opened: opening the demo for the first time chooses its person.
  const local = new LocalStore(config.dataDir)
  const events = new EventBus()
  const secrets = new SecretStore(local, options.encryptor)

  // The services refer to the context through a getter, so they read keys and settings as they are now.
  const ctx = {
    handle,
    config,
    clock,
    mode: options.mode,
    events,
    local,
    secrets,
    log,
    platform: options.platform ?? {},
  } as AppContext
  const epoch = config.demo ? await demoEpoch(handle) : undefined
  ctx.sourcesFor = (runId, override) =>
    createSources(override ?? sourceConfig(ctx), {
      clock,
      onCall: ledgerWriter(handle.db, runId),
      demoEpoch: epoch,
      reach: settingsReachStore(handle.db, clock),
    })
  ctx.backfill = new BackgroundBackfill(
    () => ({
      db: handle.db,
      clock,
      sourceIds: enabledSourceIds(ctx),
      sourcesFor: (runId: number) => ctx.sourcesFor(runId),
      sourceDeadlineMs: config.sourceDeadlineSeconds * 1000,
    }),
    (event) => {
      const progress = backfillEventToProgress(event)
      if (progress) events.emit('backfill/progress', progress)
      if (event.type === 'backfill-finished' || event.type === 'backfill-error') {
        events.emit('quota/changed', { sources: enabledSourceIds(ctx) })
        if (event.type === 'backfill-error') log.error(`Backfill failed: ${event.error}`)
      }
    },
  )
  ctx.daily = new DailyRunner(() => ctx)
  ctx.schedule = new ScheduleController(() => ctx)
  const handlers = createHandlers(ctx)
  log.info(`Job Monitor started (${options.mode}); database ${handle.location}.`)

  return {
    ctx,
    handlers,
    async close() {
      await ctx.schedule.stop()
      await ctx.daily.idle()
      await ctx.backfill.idle()
      await handle.close()
      log.info('Job Monitor stopped.')
      await log.close()
    },
  }
}
