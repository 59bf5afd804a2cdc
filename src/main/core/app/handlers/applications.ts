import { UserError } from '../../errors'
import { applicationsCsv, applicationsJson } from '../../export/applications-export'
import { listApplications, updateApplication } from '../../repos/applications-repo'
import { unseenBefore } from '../../repos/closed-repo'
import { jobExists } from '../../repos/feed-repo'
import { scheduleInEffect } from '../../scheduler/schedule-setting'
import { localDate } from '../../scheduler/slots'
import { type AppContext, personFor, requireUser } from '../app-context'
import type { HandlerGroup } from './types'

/** Today where the schedule runs: the day a step gets when the person gives none. */
export async function todayFor(ctx: AppContext): Promise<string> {
  return localDate(ctx.clock(), (await scheduleInEffect(ctx.handle.db, ctx.config)).timezone)
}

export function applicationHandlers(
  ctx: AppContext,
): HandlerGroup<'applications/list' | 'applications/update' | 'applications/export'> {
  const { db } = ctx.handle
  return {
    'applications/list': async (input) => {
      const person = await personFor(ctx, input?.email, 'jobs.no-user')
      return {
        email: person.email,
        applications: await listApplications(
          db,
          person.id,
          input?.states,
          undefined,
          await unseenBefore(db, ctx.clock),
        ),
      }
    },

    'applications/update': async ({ id, ...change }) => {
      const person = await requireUser(ctx)
      if (!(await jobExists(db, id)))
        throw new UserError(`There is no job ${id}: reload the list.`, 'jobs.not-found')
      const changed = await updateApplication(
        db,
        person.id,
        id,
        { ...change, today: await todayFor(ctx) },
        ctx.clock,
      )
      if (!changed)
        throw new UserError(
          `Job ${id} is not one of your applications: mark it applied first (in the feed, or give a state).`,
          'applications.not-applied',
        )
      const [row] = await listApplications(db, person.id, undefined, id, await unseenBefore(db, ctx.clock))
      if (!row)
        throw new UserError(
          `Job ${id} is hidden: unhide it in the feed to see its application.`,
          'applications.hidden',
        )
      return row
    },

    'applications/export': async ({ email, states, format }) => {
      const person = await personFor(ctx, email, 'jobs.no-user')
      const rows = await listApplications(db, person.id, states, undefined, await unseenBefore(db, ctx.clock))
      const day = ctx.clock().toISOString().slice(0, 10)
      return {
        fileName: `job-monitor-applications-${day}.${format}`,
        mimeType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        content: format === 'csv' ? applicationsCsv(rows) : applicationsJson(rows),
        count: rows.length,
      }
    },
  }
}
