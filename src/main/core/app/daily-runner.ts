import type { Kysely } from 'kysely'
import type { DailyReport } from '../../../shared/daily-report'
import { SOURCE_NAMES, type SourceId } from '../../../shared/domain'
import { type AlertDeps, nextHeldAt, queueAlerts, sendDue } from '../alerts/deliver'
import type { ClaudeOptions } from '../claude'
import type { Clock } from '../clock'
import type { AppConfig } from '../config/config'
import { runDailyLoad } from '../daily/daily-load'
import type { Database } from '../db/schema'
import { errorMessage, UserError } from '../errors'
import { newJobsWorthTelling } from '../repos/fit-repo'
import { secondOpinions } from '../repos/opinion-repo'
import { scheduleInEffect } from '../scheduler/schedule-setting'
import { parseTimes, type Slot } from '../scheduler/slots'
import type { JobSource } from '../sources/job-source'
import type { EventBus } from './event-bus'
import type { Logger } from './logger'
import { fittingJobsMessage, NOTIFICATION_TITLE, newJobsMessage, watchedJobsMessage } from './notifications'

/** What the runner needs from the app, given when it is made. */
export interface DailyRunnerDeps {
  db: Kysely<Database>
  clock: Clock
  config: AppConfig
  events: EventBus
  log: Logger
  /**
   * The sources switched on with a key, and a builder of them with the keys as they are now (writing
   * their calls to the ledger under a run). Read when a load starts: keys and switches change while the
   * app runs.
   */
  sources(): { ids: SourceId[]; build(runId: number): JobSource[] }
  /** The person whose new jobs become a notification, when there is one. */
  currentUserId(): Promise<number | undefined>
  /** Shows a desktop notification, when this app shows them and the person has them on. */
  notify(notice: { title: string; body: string }): void
  /** The fit a new job needs for the notification to count it (0: every new job). */
  notifyMinFit(): number
  /** Claude's second opinion of the best new jobs, when it is on and a key is set. */
  secondOpinion(): { perDay: number; claude: ClaudeOptions } | undefined
  /** What to say when no source is enabled: where this app's keys are set. */
  noSourcesMessage: string
  /** The alerts beyond the window (webhook, ntfy, e-mail) of everyone a load finds new jobs for. */
  alerts?(): Promise<AlertDeps>
}

/** How a load ended: with its report, or without one because another load had just done it. */
export type DailyResult =
  | { outcome: 'ran'; message: string; report: DailyReport }
  | { outcome: 'up-to-date' | 'slot-taken'; message: string; report: null }

/**
 * Runs daily loads for the app — the button, the tray, the schedule and `job-monitor daily` — one at a
 * time, reporting progress, the result, new jobs (with a desktop notification) and quota changes as events.
 */
export class DailyRunner {
  private current: Promise<DailyResult> | undefined
  /** The alerts of the last loads, sent after each load has finished (they never hold a load up). */
  private alerting: Promise<void> = Promise.resolve()
  /** Sends held alerts when the quiet hours keeping them end. */
  private heldTimer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly deps: DailyRunnerDeps) {}

  /**
   * The desktop notification of a load's new jobs: all of them, or with a fit threshold only those that
   * fit well enough (none: no notification), and one line for watched companies whatever the fit.
   */
  private async tell(notice: { userId: number; newJobs: number; combinations: string[]; jobIds: number[] }) {
    const minFit = this.deps.notifyMinFit()
    const { fitting, watched } = await newJobsWorthTelling(
      this.deps.db,
      notice.userId,
      notice.jobIds,
      minFit,
      this.deps.clock,
    )
    if (minFit === 0)
      this.deps.notify({
        title: NOTIFICATION_TITLE,
        body: newJobsMessage(notice.newJobs, notice.combinations),
      })
    else if (fitting > 0)
      this.deps.notify({
        title: NOTIFICATION_TITLE,
        body: fittingJobsMessage(fitting, minFit, notice.combinations),
      })
    if (watched.length > 0) this.deps.notify({ title: NOTIFICATION_TITLE, body: watchedJobsMessage(watched) })
    const ask = this.deps.secondOpinion()
    if (!ask) return
    const run = await secondOpinions(this.deps.db, {
      userId: notice.userId,
      jobIds: notice.jobIds,
      perDay: ask.perDay,
      claude: ask.claude,
      clock: this.deps.clock,
    })
    if (run.asked > 0) this.deps.log.info(`Claude gave a second opinion on ${run.asked} new jobs.`)
    if (run.failed)
      this.deps.log.warn(`Claude's second opinion stopped (the local score stays): ${run.failed}`)
  }

  /**
   * Records the alerts of a load's new jobs, per person and channel, then sends every alert that is due
   * (these, earlier failures again, held ones whose quiet hours are over). Failures are recorded on the
   * delivery and its run, and logged; the next load sends them again.
   */
  private queueAlerts(runId: number | null, notices: ReadonlyArray<{ userId: number; jobIds: number[] }>) {
    const make = this.deps.alerts
    if (!make) return
    this.alerting = this.alerting.then(async () => {
      try {
        const deps = await make()
        for (const notice of notices) await queueAlerts(deps, { ...notice, runId })
        await this.sendAlerts(deps)
      } catch (error) {
        this.deps.log.warn(`Could not send alerts: ${errorMessage(error)}`)
      }
    })
  }

  private async sendAlerts(deps: AlertDeps) {
    const outcome = await sendDue(deps)
    if (outcome.sent > 0) this.deps.log.info(`Sent ${outcome.sent} alert${outcome.sent === 1 ? '' : 's'}.`)
    if (outcome.failed > 0)
      this.deps.log.warn(
        `${outcome.failed} alert${outcome.failed === 1 ? '' : 's'} failed (sent again after the next load): ${outcome.firstError}`,
      )
    const held = await nextHeldAt(deps.db)
    if (this.heldTimer) clearTimeout(this.heldTimer)
    this.heldTimer = undefined
    if (held) {
      // setTimeout holds at most 24.8 days; quiet hours end within one.
      const wait = Math.min(Math.max(0, held.getTime() - deps.clock().getTime()) + 1000, 2 ** 31 - 1)
      this.heldTimer = setTimeout(() => this.queueAlerts(null, []), wait)
      this.heldTimer.unref?.()
    }
  }

  /** Resolves when the alerts of the loads so far are sent or recorded as failed. */
  async alertsIdle(): Promise<void> {
    await this.alerting
  }

  /** Stops the timer of held alerts (the app is closing; the next start's first load sends them). */
  dispose(): void {
    if (this.heldTimer) clearTimeout(this.heldTimer)
    this.heldTimer = undefined
  }

  get running(): boolean {
    return this.current !== undefined
  }

  /** Resolves when no load is running. */
  async idle(): Promise<void> {
    while (this.current) await this.current.catch(() => {})
  }

  /**
   * Starts a load unless one is running. Returns at once; `done` resolves with how it ended, or rejects
   * with what stopped it (also reported as a `run/finished` event and in the log).
   */
  start(
    trigger: string,
    slot?: Pick<Slot, 'key' | 'at' | 'previousAt'>,
  ): { started: boolean; message: string; done: Promise<DailyResult> } {
    if (this.current) {
      return { started: false, message: 'A daily load is already running.', done: this.current }
    }
    const sources = this.deps.sources()
    if (sources.ids.length === 0) throw new UserError(this.deps.noSourcesMessage, 'daily.no-sources')
    const done = this.run(trigger, sources, slot).finally(() => {
      this.current = undefined
    })
    // The button and the schedule do not wait for it; a failure is an event, not an unhandled rejection.
    done.catch(() => {})
    this.current = done
    return { started: true, message: 'Daily load started.', done }
  }

  private async run(
    trigger: string,
    sources: ReturnType<DailyRunnerDeps['sources']>,
    slot: Pick<Slot, 'key' | 'at' | 'previousAt'> | undefined,
  ): Promise<DailyResult> {
    const { db, clock, events, log, config } = this.deps
    const sourceIds = sources.ids
    const userId = await this.deps.currentUserId()
    const schedule = await scheduleInEffect(db, config)
    log.info(`Daily load started (${trigger}${slot ? `, slot ${slot.key}` : ''}).`)
    // The notifications of new jobs (they read the fit scores): the load is done when they are.
    const tells: Array<Promise<void>> = []
    // Everyone's new jobs, for the alerts after the load.
    const alertNotices: Array<{ userId: number; jobIds: number[] }> = []
    try {
      const outcome = await runDailyLoad({
        db,
        clock,
        trigger,
        slotKey: slot?.key,
        slotAt: slot?.at,
        previousSlotAt: slot?.previousAt,
        slotsPerDay: parseTimes(schedule.time).length,
        // "Run daily load now": every combination, within the budget; scheduled loads follow the plan.
        askAll: slot === undefined,
        sourceDeadlineMs: config.sourceDeadlineSeconds * 1000,
        activeJobs: config,
        sourceIds,
        sourcesFor: (runId) => sources.build(runId),
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
            notice: true,
          })
        },
        onNewJobs: (notice) => {
          alertNotices.push({ userId: notice.userId, jobIds: notice.jobIds })
          if (notice.userId !== userId) return
          const message = newJobsMessage(notice.newJobs, notice.combinations)
          events.emit('jobs/new', { count: notice.newJobs, message })
          tells.push(
            this.tell(notice).catch((error) =>
              log.warn(`Could not notify of new jobs: ${errorMessage(error)}`),
            ),
          )
        },
      })
      await Promise.all(tells)
      if (outcome.status !== 'ran') {
        // Nothing loaded by this one: another load had it, or had just loaded everything.
        const message =
          outcome.status === 'up-to-date'
            ? outcome.message
            : 'Another Job Monitor sharing this database already runs this load.'
        // Alerts an earlier load could not send go now.
        this.queueAlerts(null, [])
        events.emit('run/finished', {
          kind: 'daily',
          runId: null,
          status: 'slot-taken',
          jobsFetched: 0,
          jobsNew: 0,
          message,
        })
        return { outcome: outcome.status, message, report: null }
      }
      const { report } = outcome
      this.queueAlerts(report.runId, alertNotices)
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
      return {
        outcome: 'ran',
        message: `${report.jobsNew} new of ${report.jobsFetched} jobs loaded.`,
        report,
      }
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
      throw error
    } finally {
      events.emit('quota/changed', { sources: sourceIds })
    }
  }
}
