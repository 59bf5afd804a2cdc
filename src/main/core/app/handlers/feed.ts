import type { FeedJob } from '../../../../shared/contract/feed'
import type { JobState, SourceId } from '../../../../shared/domain'
import type { JobRow } from '../../db/schema'
import { UserError } from '../../errors'
import { jobExists, jobForPerson, jobPostings, listFeed, setJobState } from '../../repos/feed-repo'
import { markFeedVisited } from '../../repos/users-repo'
import { type AppContext, personFor, requireUser } from '../app-context'
import type { HandlerGroup } from './types'

function toFeedJob(row: JobRow & { state: JobState }): FeedJob {
  return {
    id: row.id,
    title: row.title,
    company: row.company,
    location: row.location,
    workArrangement: row.work_arrangement,
    isRemote: Number(row.is_remote) === 1,
    salaryMin: row.salary_min === null ? null : Number(row.salary_min),
    salaryMax: row.salary_max === null ? null : Number(row.salary_max),
    salaryCurrency: row.salary_currency,
    salaryPeriod: row.salary_period,
    applyUrl: row.apply_url,
    postedAt: row.posted_at,
    firstSeenAt: row.first_seen_at,
    state: row.state,
  }
}

export function feedHandlers(
  ctx: AppContext,
): HandlerGroup<'feed/list' | 'feed/mark-visited' | 'jobs/get' | 'jobs/set-state'> {
  const { db } = ctx.handle
  return {
    'feed/list': async (query) => {
      const user = await personFor(ctx, query.email, 'jobs.no-user')
      const { blocklist } = ctx.local.get()
      const rows = await listFeed(db, {
        userId: user.id,
        text: query.text,
        title: query.title,
        location: query.location,
        arrangements: query.arrangements,
        source: query.source,
        since: query.postedWithinDays
          ? new Date(ctx.clock().getTime() - query.postedWithinDays * 86_400_000).toISOString()
          : undefined,
        salaryKnown: query.salaryKnown,
        states: query.states,
        sort: query.sort,
        limit: query.limit,
        offset: query.offset,
        blockTitles: blocklist.titles,
        blockCompanies: blocklist.companies,
      })
      return { email: user.email, jobs: rows.map(toFeedJob), lastVisitAt: user.last_feed_visit_at }
    },

    'feed/mark-visited': async () => {
      const user = await requireUser(ctx)
      await markFeedVisited(db, user.id, ctx.clock)
      return { visitedAt: ctx.clock().toISOString() }
    },

    'jobs/get': async ({ id }) => {
      const user = await requireUser(ctx)
      const row = await jobForPerson(db, id, user.id)
      if (!row)
        throw new UserError(
          `There is no job ${id}: it may have been removed; reload the feed.`,
          'jobs.not-found',
        )
      const postings = await jobPostings(db, id)
      return {
        ...toFeedJob(row),
        description: row.description,
        employmentType: row.employment_type,
        employmentTypeText: row.employment_type_text,
        lastSeenAt: row.last_seen_at,
        postings: postings.map((p) => ({
          source: p.source as SourceId,
          sourceJobId: p.source_job_id,
          url: p.url,
          firstSeenAt: p.first_seen_at,
        })),
      }
    },

    'jobs/set-state': async ({ id, state }) => {
      const user = await requireUser(ctx)
      if (!(await jobExists(db, id)))
        throw new UserError(`There is no job ${id}: reload the feed.`, 'jobs.not-found')
      await setJobState(db, user.id, id, state, ctx.clock)
      return { id, state }
    },
  }
}
