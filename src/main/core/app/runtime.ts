import { settingsReachStore } from '../backfill/backfill-reach'
import { BackgroundBackfill } from '../backfill/background'
import { type Clock, systemClock } from '../clock'
import type { AppConfig } from '../config/config'
import { LocalStore } from '../config/local-settings'
import type { DbHandle } from '../db/open'
import { demoEpoch } from '../demo/demo-seed'
import { isUserError } from '../errors'
import { ledgerWriter } from '../quota/ledger'
import { alertDepsFor } from './alert-deps'
import {
  type AppContext,
  claudeFor,
  currentUser,
  enabledSourceIds,
  noSourcesMessage,
  type PlatformHooks,
  sourceConfig,
} from './app-context'
import { openAppDatabase } from './app-database'
import { createSources } from './create-sources'
import { DailyRunner } from './daily-runner'
import { EventBus } from './event-bus'
import { createHandlers, type Handlers } from './handlers'
import { backfillEventToProgress } from './handlers/backfill-events'
import { createFileLogger, type Logger } from './logger'
import { ScheduleController } from './schedule-controller'
import { type Encryptor, SecretStore, savedDatabaseUrl } from './secrets'

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
  /** Open a SQLite file this user cannot write read-only instead of refusing it (commands that only read). */
  readOnlyFallback?: boolean
}

export interface AppRuntime {
  ctx: AppContext
  handlers: Handlers
  /** Stops the scheduler, waits for running work, closes the database and the log. */
  close(): Promise<void>
}

/**
 * The database to run on: the environment's, else the one chosen in Settings, else the local file. When the
 * one chosen in Settings cannot be opened (a server that is down, a file that is gone), the app does not
 * refuse to start — it would then have no window to change the choice in — but runs on the local file and
 * says so (`notices`, shown as a banner), keeping the choice for the next start. A command keeps failing
 * in one line instead: it has no window to show a banner in.
 */
async function openDatabaseOrFallBack(options: RuntimeOptions, clock: Clock, log: Logger): Promise<DbHandle> {
  const { config } = options
  const saved = new LocalStore(config.dataDir)
  const savedUrl = savedDatabaseUrl(saved, new SecretStore(saved, options.encryptor))
  const open = (ignoreSaved: boolean) =>
    openAppDatabase(config, {
      sqliteNativeBinding: options.sqliteNativeBinding,
      clock,
      readOnlyFallback: options.readOnlyFallback,
      savedUrl,
      ignoreSaved,
    })
  if (config.databaseUrl !== undefined || !savedUrl || options.mode === 'cli') return open(false)
  try {
    return await open(false)
  } catch (error) {
    if (!isUserError(error)) throw error
    log.warn(`The database chosen in Settings could not be opened: ${error.message}`)
    const handle = await open(true)
    handle.notices = [
      ...(handle.notices ?? []),
      `The database chosen in Settings could not be opened (${error.message.replace(/\.$/, '')}); Job Monitor runs on the file on this computer for now. Fix or change it in Settings.`,
    ]
    return handle
  }
}

/**
 * The app as the desktop shell, the headless server and every `job-monitor` command run it: the database
 * opened and migrated, the services wired to one event bus, and the handler table every transport serves.
 * The scheduler is not started here; the caller decides (`ctx.schedule.start()`).
 */
export async function createAppRuntime(options: RuntimeOptions): Promise<AppRuntime> {
  const { config, mode } = options
  const clock = options.clock ?? systemClock
  const log = options.log ?? createFileLogger(config.dataDir)
  const handle = options.handle ?? (await openDatabaseOrFallBack(options, clock, log))
  // Read after the database opened: opening the demo for the first time chooses its person.
  const local = new LocalStore(config.dataDir)
  const events = new EventBus()
  const secrets = new SecretStore(local, options.encryptor)
  const platform = options.platform ?? {}
  // Keys and switches are read when they are used: they change while the app runs.
  const keys = { config, secrets, local }
  const epoch = config.demo ? await demoEpoch(handle) : undefined
  const sourcesFor = (runId: number | null, override?: AppConfig) =>
    createSources(override ?? sourceConfig(keys), {
      clock,
      onCall: ledgerWriter(handle.db, runId),
      demoEpoch: epoch,
      reach: settingsReachStore(handle.db, clock),
    })

  const backfill = new BackgroundBackfill(
    () => ({
      db: handle.db,
      clock,
      sourceIds: enabledSourceIds(keys),
      sourcesFor: (runId: number) => sourcesFor(runId),
      sourceDeadlineMs: config.sourceDeadlineSeconds * 1000,
    }),
    (event) => {
      const progress = backfillEventToProgress(event)
      if (progress) events.emit('backfill/progress', progress)
      if (event.type === 'backfill-finished' || event.type === 'backfill-error') {
        events.emit('quota/changed', { sources: enabledSourceIds(keys) })
        if (event.type === 'backfill-error') log.error(`Backfill failed: ${event.error}`)
      }
    },
  )
  const daily = new DailyRunner({
    db: handle.db,
    clock,
    config,
    events,
    log,
    sources: () => {
      // The keys of the moment the load starts, for every run of it.
      const withKeys = sourceConfig(keys)
      return { ids: enabledSourceIds(keys), build: (runId) => sourcesFor(runId, withKeys) }
    },
    currentUserId: async () => (await currentUser({ handle, local }))?.id,
    notify: (notice) => {
      if (local.get().notifications) platform.notify?.(notice)
    },
    notifyMinFit: () => local.get().notifyMinFit,
    secondOpinion: () => {
      const { opinions } = local.get()
      // Never in the demo: it calls no API.
      const claude = config.demo ? undefined : claudeFor(keys)
      return opinions.enabled && claude ? { perDay: opinions.perDay, claude } : undefined
    },
    noSourcesMessage: noSourcesMessage({ mode }, 'run the daily load again'),
    alerts: () => alertDepsFor({ handle, config, clock, secrets, local }),
  })
  const schedule = new ScheduleController({ db: handle.db, clock, config, events, log, local, daily })
  const ctx: AppContext = {
    handle,
    config,
    clock,
    mode,
    events,
    local,
    secrets,
    log,
    platform,
    backfill,
    daily,
    schedule,
    sourcesFor,
  }
  const handlers = createHandlers(ctx)
  log.info(`Job Monitor started (${mode}); database ${handle.location}.`)

  return {
    ctx,
    handlers,
    async close() {
      await schedule.stop()
      await daily.idle()
      await daily.alertsIdle()
      daily.dispose()
      await backfill.idle()
      await handle.close()
      log.info('Job Monitor stopped.')
      await log.close()
    },
  }
}
