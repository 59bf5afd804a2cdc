import type { Kysely, Transaction } from 'kysely'
import {
  APPLICATION_STATES,
  type ApplicationState,
  isApplicationState,
  type JobState,
} from '../../../shared/domain'
import { type Clock, isoNow } from '../clock'
import type { Database } from '../db/schema'
import { type ClosedState, closedState } from './closed-repo'

/** One step of an application and the day it happened. */
export interface ApplicationStep {
  state: ApplicationState
  /** YYYY-MM-DD. */
  on: string
}

/** A job a person applied to, with its steps and note (the Applications view, its export). */
export interface ApplicationRow {
  jobId: number
  title: string
  company: string | null
  location: string | null
  applyUrl: string | null
  state: ApplicationState
  note: string | null
  /** Oldest first. */
  steps: ApplicationStep[]
  /** The day of the first step. */
  appliedOn: string
  /** The day of the newest step. */
  lastOn: string
  /** The job has closed (closed-jobs.ts): a person still sees their application to it, with a badge. */
  closed: ClosedState
}

export interface StateChange {
  /** The day of the step this change makes (default: today where the schedule runs). */
  on?: string
  /** The day `on` defaults to. */
  today: string
}

/**
 * Sets a person's state of a job, keeping their record of applications in step:
 * - into an application state (applied, interviewing, …) other than its newest step's: a step dated `on`
 *   (default today);
 * - from an application state back to new or seen: the steps go too (the person took "applied" back);
 *   saved leaves an application as it is;
 * - hidden keeps the steps, and unhiding a job with steps gives it back the state of its newest step.
 * Returns the state the job has afterwards.
 */
export async function setJobState(
  db: Kysely<Database>,
  userId: number,
  jobId: number,
  state: JobState,
  clock: Clock,
  change: StateChange = { today: isoNow(clock).slice(0, 10) },
): Promise<JobState> {
  const now = isoNow(clock)
  return db.transaction().execute(async (trx) => {
    const before = await stateOf(trx, userId, jobId)
    let after = state
    if (isApplicationState(state)) {
      // Back to the state of its newest step (undoing a hide, say) is no new step.
      if ((await newestStep(trx, userId, jobId))?.state !== state)
        await trx
          .insertInto('application_events')
          .values({
            user_id: userId,
            job_id: jobId,
            state,
            on_date: change.on ?? change.today,
            recorded_at: now,
          })
          .execute()
    } else if (state === 'saved' && before && isApplicationState(before)) {
      // An application is more than saved: it stays as it is.
      after = before
    } else if (state !== 'hidden') {
      const last = await newestStep(trx, userId, jobId)
      if (before === 'hidden' && last) after = last.state
      else if (last)
        await trx
          .deleteFrom('application_events')
          .where('user_id', '=', userId)
          .where('job_id', '=', jobId)
          .execute()
    }
    await trx
      .insertInto('user_job_state')
      .values({ user_id: userId, job_id: jobId, state: after, updated_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'job_id']).doUpdateSet({ state: after, updated_at: now }))
      .execute()
    return after
  })
}

/** A person's state of a job, undefined when they never set one (it is new). */
async function stateOf(db: Kysely<Database>, userId: number, jobId: number): Promise<JobState | undefined> {
  const row = await db
    .selectFrom('user_job_state')
    .select('state')
    .where('user_id', '=', userId)
    .where('job_id', '=', jobId)
    .executeTakeFirst()
  return row?.state
}

/** The step written last: the one of the application's state. */
async function newestStep(
  trx: Transaction<Database>,
  userId: number,
  jobId: number,
): Promise<{ id: number; state: ApplicationState } | undefined> {
  return trx
    .selectFrom('application_events')
    .select(['id', 'state'])
    .where('user_id', '=', userId)
    .where('job_id', '=', jobId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

/**
 * Changes an application: a new state is a new step (dated `on`, default today); the same state with `on`
 * moves the newest step to that day; `note` replaces the note ('' clears it). Returns false when the job is
 * not one of the person's applications and no application state is given.
 */
export async function updateApplication(
  db: Kysely<Database>,
  userId: number,
  jobId: number,
  change: { state?: ApplicationState; on?: string; note?: string; today: string },
  clock: Clock,
): Promise<boolean> {
  const current = await stateOf(db, userId, jobId)
  const target = change.state ?? (current && isApplicationState(current) ? current : undefined)
  if (!target) return false
  if (target !== current) await setJobState(db, userId, jobId, target, clock, change)
  await db.transaction().execute(async (trx) => {
    if (target === current && change.on) {
      const last = await newestStep(trx, userId, jobId)
      if (last)
        await trx
          .updateTable('application_events')
          .set({ on_date: change.on })
          .where('id', '=', last.id)
          .execute()
      else
        await trx
          .insertInto('application_events')
          .values({
            user_id: userId,
            job_id: jobId,
            state: target,
            on_date: change.on,
            recorded_at: isoNow(clock),
          })
          .execute()
    }
    if (change.note !== undefined)
      await trx
        .updateTable('user_job_state')
        .set({ note: change.note.trim() || null, updated_at: isoNow(clock) })
        .where('user_id', '=', userId)
        .where('job_id', '=', jobId)
        .execute()
  })
  return true
}

/** A person's applications, newest step first (then the newest job), optionally of some states only. */
export async function listApplications(
  db: Kysely<Database>,
  userId: number,
  states: readonly ApplicationState[] = APPLICATION_STATES,
  jobId?: number,
  unseenBefore?: string,
): Promise<ApplicationRow[]> {
  let query = db
    .selectFrom('user_job_state as s')
    .innerJoin('jobs as j', 'j.id', 's.job_id')
    .select([
      'j.id',
      'j.title',
      'j.company',
      'j.location',
      'j.apply_url',
      'j.closed_at',
      'j.last_seen_at',
      's.state',
      's.note',
      's.updated_at',
    ])
    .where('s.user_id', '=', userId)
    .where('s.state', 'in', [...states])
  if (jobId !== undefined) query = query.where('j.id', '=', jobId)
  const rows = await query.execute()
  if (rows.length === 0) return []
  const steps = new Map<number, ApplicationStep[]>()
  for (let i = 0; i < rows.length; i += 500) {
    const events = await db
      .selectFrom('application_events')
      .select(['job_id', 'state', 'on_date'])
      .where('user_id', '=', userId)
      .where(
        'job_id',
        'in',
        rows.slice(i, i + 500).map((r) => r.id),
      )
      .orderBy('on_date')
      .orderBy('id')
      .execute()
    for (const e of events) {
      const list = steps.get(e.job_id) ?? []
      list.push({ state: e.state, on: e.on_date })
      steps.set(e.job_id, list)
    }
  }
  return rows
    .map((r) => {
      // A job marked applied before steps were recorded has none: its day is the day of the mark.
      const own = steps.get(r.id) ?? [{ state: r.state as ApplicationState, on: r.updated_at.slice(0, 10) }]
      return {
        jobId: r.id,
        title: r.title,
        company: r.company,
        location: r.location,
        applyUrl: r.apply_url,
        state: r.state as ApplicationState,
        note: r.note,
        steps: own,
        appliedOn: own[0]!.on,
        lastOn: own.at(-1)!.on,
        closed: closedState(r, unseenBefore),
      }
    })
    .sort((a, b) => (a.lastOn === b.lastOn ? b.jobId - a.jobId : a.lastOn < b.lastOn ? 1 : -1))
}
