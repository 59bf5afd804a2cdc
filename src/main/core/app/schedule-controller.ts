import type { Kysely } from 'kysely'
import type { Schedule } from '../../../shared/contract/runs'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import type { LocalStore } from '../config/local-settings'
import type { Database } from '../db/schema'
import { UserError } from '../errors'
import { closeInterruptedRuns, listRuns } from '../repos/runs-repo'
import { setSetting } from '../repos/settings-repo'
import { DailyScheduler } from '../scheduler/daily-scheduler'
import { SCHEDULE_SETTING, scheduleInEffect } from '../scheduler/schedule-setting'
import { formatTimes, nextSlotOf, parseTimes, requireTimeZone, type Slot } from '../scheduler/slots'
import type { DailyResult, DailyRunner } from './daily-runner'
import type { EventBus } from './event-bus'
import type { Logger } from './logger'
import { toRun } from './mappers'

/** What the schedule needs from the app, given when it is made. */
export interface ScheduleDeps {
  db: Kysely<Database>
  clock: Clock
  config: AppConfig
  events: EventBus
  log: Logger
  /** Where "paused" is kept: this machine's settings. */
  local: LocalStore
  daily: DailyRunner
}

/**
 * A schedule given by its caller instead of the saved one (`job-monitor daily --schedule 6:00`), and what
 * the caller wants to hear: the scheduler's messages, each slot as it starts, and how each load ended.
 */
export interface ScheduleOverride {
  time: string
  timezone: string
  onMessage?(message: string): void
  onSlot?(slot: Slot, trigger: 'schedule' | 'catch-up'): void
  onRan?(result: DailyResult | undefined, error?: unknown): void
  /** Called once the scheduler is set up and before it first checks for a missed load. */
  onReady?(description: string): void
}

export interface ScheduleTime {
  /** One time of day or several, comma-separated: "06:00" or "06:00,18:00". */
  time: string
  timezone: string
  /** The environment sets it (JOB_MONITOR_DAILY_AT / JOB_MONITOR_TIMEZONE), so the saved one is not used. */
  fromEnvironment: boolean
  /** When it was saved in the database. */
  savedAt?: string
}

/**
 * The app's daily schedule: reads the time, runs the DailyScheduler (in the desktop app and the headless
 * server, not in one-shot commands), pauses and resumes it, and restarts it when the time changes.
 */
export class ScheduleController {
  private scheduler: DailyScheduler | undefined

  constructor(private readonly deps: ScheduleDeps) {}

  async time(): Promise<ScheduleTime> {
    return scheduleInEffect(this.deps.db, this.deps.config)
  }

  async setTime(time: string, timezone: string): Promise<void> {
    const ctx = this.deps
    if (ctx.config.scheduleFromEnvironment) {
      throw new UserError(
        'The schedule is set by JOB_MONITOR_DAILY_AT / JOB_MONITOR_TIMEZONE: change it there, or remove them to set it here.',
        'schedule.from-env',
      )
    }
    const parsed = parseTimes(time)
    requireTimeZone(timezone)
    await setSetting(
      ctx.db,
      SCHEDULE_SETTING,
      { time: formatTimes(parsed), timezone, savedAt: ctx.clock().toISOString() },
      ctx.clock,
    )
    if (this.scheduler) {
      await this.stop()
      await this.start()
    }
    await this.announce()
  }

  /**
   * Starts firing at the scheduled time (or at the override's), and catches up a missed load. The
   * desktop app and the headless server run the saved schedule; `job-monitor daily --schedule` its own.
   */
  async start(override?: ScheduleOverride): Promise<void> {
    if (this.scheduler) return
    const ctx = this.deps
    const { time, timezone, savedAt }: Pick<ScheduleTime, 'time' | 'timezone' | 'savedAt'> =
      override ?? (await this.time())
    if (override) requireTimeZone(timezone)
    const scheduler = new DailyScheduler({
      db: ctx.db,
      clock: ctx.clock,
      times: parseTimes(time),
      timezone,
      notBefore: savedAt ? new Date(savedAt) : undefined,
      onMessage: (message) => (override?.onMessage ? override.onMessage(message) : ctx.log.info(message)),
      runSlot: async (slot, trigger) => {
        const { daily } = ctx
        if (daily.running) await daily.idle()
        override?.onSlot?.(slot, trigger)
        try {
          override?.onRan?.(await daily.start(trigger, slot).done)
        } catch (error) {
          // No source enabled: nothing to load, and the slot stays open for when one is.
          if (error instanceof UserError) ctx.log.warn(`Scheduled load skipped: ${error.message}`)
          override?.onRan?.(undefined, error)
        }
        await this.announce()
      },
    })
    // A schedule given by the caller is not the app's: the app's pause does not hold it.
    scheduler.paused = override ? false : ctx.local.get().schedulePaused
    this.scheduler = scheduler
    override?.onReady?.(scheduler.describe())
    scheduler.start()
  }

  /** "Next daily load: …", for a schedule that runs; undefined when none does. */
  describe(): string | undefined {
    return this.scheduler?.describe()
  }

  async stop(): Promise<void> {
    const scheduler = this.scheduler
    this.scheduler = undefined
    await scheduler?.stop()
  }

  async pause(): Promise<Schedule> {
    this.deps.local.update({ schedulePaused: true })
    if (this.scheduler) this.scheduler.paused = true
    return this.announce()
  }

  async resume(): Promise<Schedule> {
    this.deps.local.update({ schedulePaused: false })
    if (this.scheduler) {
      this.scheduler.paused = false
      void this.catchUp()
    }
    return this.announce()
  }

  /** After sleep or on demand: runs a load that was missed, once. */
  async catchUp(): Promise<boolean> {
    const ran =
      (await this.scheduler?.catchUp().catch((error) => {
        this.deps.log.error('Catch-up failed.', error)
        return false
      })) ?? false
    if (ran) await this.announce()
    return ran
  }

  async state(): Promise<Schedule> {
    const ctx = this.deps
    const { time, timezone } = await this.time()
    const paused = ctx.local.get().schedulePaused
    await closeInterruptedRuns(ctx.db, ctx.clock)
    const [last] = await listRuns(ctx.db, 1, 'daily')
    return {
      time,
      timezone,
      paused,
      nextRunAt: paused ? null : nextSlotOf(ctx.clock(), parseTimes(time), timezone).at.toISOString(),
      running: ctx.daily.running,
      lastRun: last ? toRun(last) : null,
    }
  }

  private async announce(): Promise<Schedule> {
    const state = await this.state()
    this.deps.events.emit('schedule/changed', state)
    return state
  }
}
