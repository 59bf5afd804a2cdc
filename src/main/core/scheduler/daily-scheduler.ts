import type { Kysely } from 'kysely'
import cron, { type ScheduledTask } from 'node-cron'
import type { Clock } from '../clock'
import type { Database, RunRow } from '../db/schema'
import { errorMessage } from '../errors'
import { closeInterruptedRuns, slotAttempts } from '../repos/runs-repo'
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
   * Runs the daily load for a slot, with the slot's key (a retry's is `key#2`, `key#3`, …), so one process
   * runs each attempt. Each combination is loaded from its own mark, so a missed slot leaves no gap.
   */
  runSlot: (slot: Slot, trigger: 'schedule' | 'catch-up') => Promise<void>
  onMessage?: (message: string) => void
  /** How often to look for a missed slot (sleep, a clock change, a failed run); default 10 minutes. */
  checkEveryMs?: number
  /**
   * When this schedule was saved: a slot before it was never due under it, so it is not caught up (the
   * app asks instead whether to load now). Slots after it are caught up as usual.
   */
  notBefore?: Date
}

/** Attempts at one slot before it is left to the next slot (whose load starts from the same marks). */
export const MAX_SLOT_ATTEMPTS = 5
/** Wait after a failed attempt: 15 minutes, doubling per attempt. An interrupted one is retried at once. */
const RETRY_BASE_MS = 15 * 60_000

/**
 * Whether a slot needs another attempt now, and its key: none yet; or the last one failed, was
 * interrupted, or was partial with failures (not just combinations the quota made wait) and its backoff
 * has passed. A slot with a success, or a run still going, needs none.
 */
export function nextSlotAttempt(slotKey: string, attempts: readonly RunRow[], now: Date): string | undefined {
  if (attempts.length === 0) return slotKey
  if (attempts.some((r) => r.status === 'success' || r.status === 'running')) return undefined
  if (attempts.length >= MAX_SLOT_ATTEMPTS) return undefined
  const last = attempts.at(-1)!
  const hadFailures =
    last.status !== 'partial' ||
    (
      (JSON.parse(last.report_json ?? '{}') as { sources?: Array<{ failures?: unknown[] }> }).sources ?? []
    ).some((s) => (s.failures?.length ?? 0) > 0)
  if (!hadFailures) return undefined
  const wait = last.status === 'interrupted' ? 0 : RETRY_BASE_MS * 2 ** (attempts.length - 1)
  const ended = Date.parse(last.finished_at ?? last.started_at)
  if (now.getTime() - ended < wait) return undefined
  return `${slotKey}#${attempts.length + 1}`
}

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

  /**
   * Runs the last slot now if it passed without a run, or tries it again (with a backoff) when its run
   * failed, was interrupted, or left failures. Returns whether it ran.
   */
  async catchUp(): Promise<boolean> {
    if (this.paused) return false
    const now = this.options.clock()
    const slot = lastSlotOf(now, this.options.times, this.options.timezone)
    await closeInterruptedRuns(this.options.db, this.options.clock)
    const attempts = await slotAttempts(this.options.db, slot.key)
    if (this.options.notBefore && slot.at < this.options.notBefore && attempts.length === 0) return false
    const key = nextSlotAttempt(slot.key, attempts, now)
    if (!key) return false
    this.options.onMessage?.(
      attempts.length === 0
        ? `Missed the ${slot.time} load of ${slot.date}; loading now.`
        : `The ${slot.time} load of ${slot.date} did not load everything; trying again (attempt ${attempts.length + 1} of ${MAX_SLOT_ATTEMPTS}).`,
    )
    await this.run({ ...slot, key }, 'catch-up')
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
    const previousAt = slotBefore(slot, this.options.times, this.options.timezone).at
    this.busy = this.options
      .runSlot({ ...slot, previousAt }, trigger)
      .catch((error) => this.options.onMessage?.(`The daily load failed: ${errorMessage(error)}`))
      .finally(() => {
        this.busy = undefined
      })
    await this.busy
  }
}
