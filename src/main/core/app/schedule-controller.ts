import type { Schedule } from '../../../shared/contract/runs'
import { UserError } from '../errors'
import { closeInterruptedRuns, listRuns } from '../repos/runs-repo'
import { setSetting } from '../repos/settings-repo'
import { DailyScheduler } from '../scheduler/daily-scheduler'
import { SCHEDULE_SETTING, scheduleInEffect } from '../scheduler/schedule-setting'
import { formatTimes, nextSlotOf, parseTimes, requireTimeZone } from '../scheduler/slots'
import type { AppContext } from './app-context'
import { toRun } from './mappers'

type ScheduleContext = Omit<AppContext, 'schedule'>

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

  constructor(private readonly ctx: () => ScheduleContext) {}

  async time(): Promise<ScheduleTime> {
    const { config, handle } = this.ctx()
    return scheduleInEffect(handle.db, config)
  }

  async setTime(time: string, timezone: string): Promise<void> {
    const ctx = this.ctx()
    if (ctx.config.scheduleFromEnvironment) {
      throw new UserError(
        'The schedule is set by JOB_MONITOR_DAILY_AT / JOB_MONITOR_TIMEZONE: change it there, or remove them to set it here.',
        'schedule.from-env',
      )
    }
    const parsed = parseTimes(time)
    requireTimeZone(timezone)
    await setSetting(
      ctx.handle.db,
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

  /** Starts firing at the scheduled time, and catches up a missed load. */
  async start(): Promise<void> {
    if (this.scheduler) return
    const ctx = this.ctx()
    const { time, timezone, savedAt } = await this.time()
    const scheduler = new DailyScheduler({
      db: ctx.handle.db,
      clock: ctx.clock,
      times: parseTimes(time),
      timezone,
      notBefore: savedAt ? new Date(savedAt) : undefined,
      onMessage: (message) => ctx.log.info(message),
      runSlot: async (slot, trigger) => {
        const daily = this.ctx().daily
        if (daily.running) await daily.idle()
        try {
          await daily.start(trigger, slot).done
        } catch (error) {
          // No source enabled: nothing to load, and the slot stays open for when one is.
          ctx.log.warn(`Scheduled load skipped: ${(error as Error).message}`)
        }
        await this.announce()
      },
    })
    scheduler.paused = ctx.local.get().schedulePaused
    this.scheduler = scheduler
    scheduler.start()
  }

  async stop(): Promise<void> {
    const scheduler = this.scheduler
    this.scheduler = undefined
    await scheduler?.stop()
  }

  async pause(): Promise<Schedule> {
    this.ctx().local.update({ schedulePaused: true })
    if (this.scheduler) this.scheduler.paused = true
    return this.announce()
  }

  async resume(): Promise<Schedule> {
    this.ctx().local.update({ schedulePaused: false })
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
        this.ctx().log.error('Catch-up failed.', error)
        return false
      })) ?? false
    if (ran) await this.announce()
    return ran
  }

  async state(): Promise<Schedule> {
    const ctx = this.ctx()
    const { time, timezone } = await this.time()
    const paused = ctx.local.get().schedulePaused
    await closeInterruptedRuns(ctx.handle.db, ctx.clock)
    const [last] = await listRuns(ctx.handle.db, 1, 'daily')
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
    this.ctx().events.emit('schedule/changed', state)
    return state
  }
}
