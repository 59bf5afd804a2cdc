import { SOURCE_NAMES } from '../../../shared/domain'
import { runDailyLoad } from '../daily/daily-load'
import { errorMessage, UserError } from '../errors'
import { scheduleInEffect } from '../scheduler/schedule-setting'
import { parseTimes, type Slot } from '../scheduler/slots'
import { type AppContext, currentUser, enabledSourceIds, sourceConfig } from './app-context'
import { NOTIFICATION_TITLE, newJobsMessage } from './notifications'

type RunnerContext = Omit<AppContext, 'daily' | 'schedule'>

/**
 * Runs daily loads for the app — the button, the tray and the schedule — one at a time, reporting
 * progress, the result, new jobs (with a desktop notification) and quota changes as events.
 */
export class DailyRunner {
  private current: Promise<void> | undefined

  constructor(private readonly ctx: () => RunnerContext) {}

  get running(): boolean {
    return this.current !== undefined
  }

  /** Resolves when no load is running. */
  async idle(): Promise<void> {
    while (this.current) await this.current
  }

  /**
   * Starts a load unless one is running. Returns at once; `done` resolves when it ends (never rejects:
   * failures are reported as a `run/finished` event and in the log).
   */
  start(
    trigger: string,
    slot?: Pick<Slot, 'key' | 'at' | 'previousAt'>,
  ): { started: boolean; message: string; done: Promise<void> } {
    if (this.current) {
      return { started: false, message: 'A daily load is already running.', done: this.current }
    }
    const ctx = this.ctx()
    const sourceIds = enabledSourceIds(ctx)
    if (sourceIds.length === 0) {
      throw new UserError(
        'No job source is enabled: add a JSearch or Active Jobs DB key in Settings (or the environment), then run again.',
        'daily.no-sources',
      )
    }
    this.current = this.run(ctx, trigger, sourceIds, slot).finally(() => {
      this.current = undefined
    })
    return { started: true, message: 'Daily load started.', done: this.current }
  }

  private async run(
    ctx: RunnerContext,
    trigger: string,
    sourceIds: ReturnType<typeof enabledSourceIds>,
    slot: Pick<Slot, 'key' | 'at' | 'previousAt'> | undefined,
  ): Promise<void> {
    const { handle, clock, events, log } = ctx
    const config = sourceConfig(ctx)
    const user = await currentUser(ctx)
    const schedule = await scheduleInEffect(handle.db, ctx.config)
    log.info(`Daily load started (${trigger}${slot ? `, slot ${slot.key}` : ''}).`)
    try {
      const outcome = await runDailyLoad({
        db: handle.db,
        clock,
        trigger,
        slotKey: slot?.key,
        slotAt: slot?.at,
        previousSlotAt: slot?.previousAt,
        slotsPerDay: parseTimes(schedule.time).length,
        // "Run daily load now": every combination, within the budget; scheduled loads follow the plan.
        askAll: slot === undefined,
        sourceDeadlineMs: ctx.config.sourceDeadlineSeconds * 1000,
        sourceIds,
        sourcesFor: (runId) => ctx.sourcesFor(runId, config),
        onProgress: (p) =>
          events.emit('run/progress', {
            kind: 'daily',
            runId: p.runId,
            done: p.done,
            total: p.total,
            jobsFetched: p.jobsFetched,
            jobsNew: p.jobsNew,
            message:
              p.done === 0
                ? `Loading the last 24 hours from ${sourceIds.map((s) => SOURCE_NAMES[s]).join(' and ')}…`
                : `${p.done} of ${p.total} sources loaded, ${p.jobsNew} new jobs so far.`,
          }),
        onNotice: (message) => {
          log.info(message)
          events.emit('run/progress', {
            kind: 'daily',
            runId: null,
            done: 0,
            total: sourceIds.length,
            jobsFetched: 0,
            jobsNew: 0,
            message,
          })
        },
        onNewJobs: (notice) => {
          if (notice.userId !== user?.id) return
          const message = newJobsMessage(notice.newJobs, notice.combinations)
          events.emit('jobs/new', { count: notice.newJobs, message })
          if (ctx.local.get().notifications)
            ctx.platform.notify?.({ title: NOTIFICATION_TITLE, body: message })
        },
      })
      if (outcome.status !== 'ran') {
        // Nothing loaded by this one: another load had it, or had just loaded everything.
        events.emit('run/finished', {
          kind: 'daily',
          runId: null,
          status: 'slot-taken',
          jobsFetched: 0,
          jobsNew: 0,
          message:
            outcome.status === 'up-to-date'
              ? outcome.message
              : 'Another Job Monitor sharing this database already ran this load.',
        })
        return
      }
      const { report } = outcome
      const failures = report.sources.flatMap((s) => s.failures)
      const skipped = report.sources.reduce((n, s) => n + s.skipped.length, 0)
      const status =
        failures.length === 0 && skipped === 0
          ? 'success'
          : report.sources.every((s) => s.calls === 0)
            ? 'failed'
            : 'partial'
      const problems = [
        ...failures.map((f) => f.reason),
        ...report.sources.flatMap((s) => s.skipped.slice(0, 1).map((k) => k.reason)),
      ]
      events.emit('run/finished', {
        kind: 'daily',
        runId: report.runId,
        status,
        jobsFetched: report.jobsFetched,
        jobsNew: report.jobsNew,
        message:
          `${report.jobsNew} new of ${report.jobsFetched} jobs loaded.` +
          (problems.length
            ? ` ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`
            : ''),
      })
      log.info(`Daily load ${status}: ${report.jobsNew} new of ${report.jobsFetched}.`)
    } catch (error) {
      log.error('Daily load failed.', error)
      events.emit('run/finished', {
        kind: 'daily',
        runId: null,
        status: 'failed',
        jobsFetched: 0,
        jobsNew: 0,
        message: `The daily load failed: ${errorMessage(error)}`,
      })
    } finally {
      events.emit('quota/changed', { sources: sourceIds })
    }
  }
}
