import { errorMessage } from '../errors'
import type { BackfillEvent, BackfillOptions, BackfillReport } from './backfill'
import { runBackfill } from './backfill'

type RunOptions = Omit<BackfillOptions, 'userId' | 'onEvent' | 'trigger'>

export type BackgroundEvent =
  | BackfillEvent
  | { type: 'backfill-finished'; report: BackfillReport }
  | { type: 'backfill-error'; error: string }

/**
 * Starts backfills in the background after a CV import or a plan change, one at a time: a request made
 * while one is running is served by one more run after it (requests in between coalesce), so a person who
 * edits their plan five times in a row costs one extra backfill, not five.
 */
export class BackgroundBackfill {
  private running: Promise<unknown> | undefined
  /** The trigger of the next run, when one is asked for while another runs. */
  private queued: string | undefined

  /**
   * `options` may be a function, read at the start of every run: keys and enabled sources can change
   * while the app runs.
   */
  constructor(
    private readonly options: RunOptions | (() => RunOptions),
    private readonly onEvent: (event: BackgroundEvent) => void,
  ) {}

  /** True while a backfill runs or waits to run. */
  get busy(): boolean {
    return this.running !== undefined
  }

  /** Asks for a backfill of everything not yet done; returns when the run that covers this request ends. */
  request(trigger: string): Promise<void> {
    if (this.running) {
      this.queued = trigger
      return this.running.then(() => this.idle())
    }
    this.start(trigger).catch(() => {})
    return this.idle()
  }

  /**
   * Runs one backfill now and answers with its report — after the one running here, if any, so the two
   * never ask for the same combination. Unlike `request`, a failure that stops the run is thrown to the
   * caller (and reported as an event too). `userId`: only that person's combinations.
   */
  async run(trigger: string, userId?: number): Promise<BackfillReport> {
    await this.idle()
    // Another caller may have started one while this one waited.
    if (this.running) return this.run(trigger, userId)
    return this.start(trigger, userId)
  }

  /** Resolves once no backfill is running or queued. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** The first run's report, then any run asked for meanwhile, one after the other. */
  private start(trigger: string, userId?: number): Promise<BackfillReport> {
    const first = this.once(trigger, userId)
    const all = first
      .catch(() => {})
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined
      })
    this.running = all
    return first
  }

  private async drain(): Promise<void> {
    for (let trigger = this.queued; trigger; trigger = this.queued) {
      this.queued = undefined
      await this.once(trigger).catch(() => {})
    }
  }

  private async once(trigger: string, userId?: number): Promise<BackfillReport> {
    try {
      const options = typeof this.options === 'function' ? this.options() : this.options
      const report = await runBackfill({ ...options, userId, trigger, onEvent: this.onEvent })
      this.onEvent({ type: 'backfill-finished', report })
      return report
    } catch (error) {
      this.onEvent({ type: 'backfill-error', error: errorMessage(error) })
      throw error
    }
  }
}
