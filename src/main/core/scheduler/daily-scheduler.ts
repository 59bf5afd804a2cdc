import type { Kysely } from 'kysely'
import cron, { type ScheduledTask } from 'node-cron'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { errorMessage } from '../errors'
import { releaseStaleSlot, slotDone } from '../repos/runs-repo'
import {
  formatTimeOfDay,
  lastSlotOf,
  localDate,
  nextSlotOf,
  type Slot,
  slotBefore,
  slotOn,
  type TimeOfDay,
} from './slots'

export interface DailySchedulerOptions {
  db: Kysely<Database>
  clock: Clock
  /** One time a day, or several: each is a slot of its own. */
  times: readonly TimeOfDay[]
  timezone: string
  /**
   * Runs the daily load for a slot (with the slot key, so one process per slot). On time, `since` is the
   * slot before it, where its window starts; a catch-up gets none and starts where the last load did, so
   * the missed slots' time is covered too.
   */
  runSlot: (slot: Slot, trigger: 'schedule' | 'catch-up', since: Date | undefined) => Promise<void>
  onMessage?: (message: string) => void
  /** How often to look for a missed slot (sleep, a clock change, a failed run); default 10 minutes. */
  checkEveryMs?: number
}

/** A run still "running" after this long belongs to a process that died. */
const STALE_MS = 2 * 3_600_000

/**
 * Fires the daily load at HH:MM in a time zone (node-cron), and catches up a slot that passed without a
 * successful run — on start, on wake, and every few minutes — exactly once.
 */
export class DailyScheduler {
  private tasks: ScheduledTask[] = []
  private timer: NodeJS.Timeout | undefined
  private busy: Promise<void> | undefined
  private checking: Promise<unknown> | undefined
  paused = false

  constructor(private readonly options: DailySchedulerOptions) {}

  start(): void {
    this.tasks = this.options.times.map((time) =>
      cron.schedule(`${time.minute} ${time.hour} * * *`, () => this.fire(time), {
        timezone: this.options.timezone,
        noOverlap: true,
      }),
    )
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs ?? 600_000)
    this.timer.unref?.()
    this.check()
  }

  /** Stops firing and waits for a load in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await Promise.all(this.tasks.map((task) => task.destroy()))
    this.tasks = []
    await this.checking
    await this.busy
  }

  private check(): void {
    this.checking = this.catchUp().catch((error) =>
      this.options.onMessage?.(`The catch-up check failed: ${errorMessage(error)}`),
    )
  }

  nextRun(): Slot {
    return nextSlotOf(this.options.clock(), this.options.times, this.options.timezone)
  }

  describe(): string {
    const next = this.nextRun()
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: this.options.timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'shortOffset',
    }).format(next.at)
    const times = this.options.times.map(formatTimeOfDay)
    const at =
      times.length === 1
        ? `Daily load at ${times[0]}`
        : `Daily loads at ${times.slice(0, -1).join(', ')} and ${times.at(-1)}`
    return `${at} ${this.options.timezone}; next run ${local}${this.paused ? ' (paused)' : ''}.`
  }

  /** Runs the last slot now if it passed without a successful run. Returns whether it ran. */
  async catchUp(): Promise<boolean> {
    if (this.paused) return false
    const slot = lastSlotOf(this.options.clock(), this.options.times, this.options.timezone)
    const staleBefore = new Date(this.options.clock().getTime() - STALE_MS).toISOString()
    await releaseStaleSlot(this.options.db, slot.key, staleBefore)
    if (await slotDone(this.options.db, slot.key)) return false
    this.options.onMessage?.(`Missed the ${slot.time} load of ${slot.date}; loading now.`)
    await this.run(slot, 'catch-up')
    return true
  }

  private fire(time: TimeOfDay): Promise<void> {
    if (this.paused) return Promise.resolve()
    const now = this.options.clock()
    return this.run(slotOn(localDate(now, this.options.timezone), time, this.options.timezone), 'schedule')
  }

  private async run(slot: Slot, trigger: 'schedule' | 'catch-up'): Promise<void> {
    // One run at a time in this process; the slot key keeps other processes out.
    while (this.busy) await this.busy
    this.busy = this.options
      .runSlot(
        slot,
        trigger,
        trigger === 'schedule' ? slotBefore(slot, this.options.times, this.options.timezone).at : undefined,
      )
      .catch((error) => this.options.onMessage?.(`The daily load failed: ${errorMessage(error)}`))
      .finally(() => {
        this.busy = undefined
      })
    await this.busy
  }
}
