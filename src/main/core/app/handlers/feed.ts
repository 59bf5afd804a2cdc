import type { ParsedInput } from '../../../../shared/contract'
import type { FeedJob } from '../../../../shared/contract/feed'
import type { JobState, SourceId } from '../../../../shared/domain'
import type { JobRow } from '../../db/schema'
import { UserError } from '../../errors'
import { exportedJobs, toCsv, toJson } from '../../export/feed-export'
import { YEAR_FACTORS } from '../../fit/salary'
import { currencyOfCountry } from '../../normalize/currency'
import { canonicalCompany } from '../../normalize/job-identity'
import { resolvePlace } from '../../places/resolve-place'
import { setJobState } from '../../repos/applications-repo'
import { closedState, unseenBefore } from '../../repos/closed-repo'
import {
  type FeedQuery,
  type FeedJob as FeedRow,
  jobExists,
  jobForPerson,
  jobPostings,
  listFeed,
} from '../../repos/feed-repo'
import {
  ensureFits,
  fitInputsOf,
  fitReasonsOf,
  unwatchCompany,
  watchCompany,
  watchedCompanies,
} from '../../repos/fit-repo'
import { opinionsOf } from '../../repos/opinion-repo'
import { markFeedVisited } from '../../repos/users-repo'
import { type AppContext, personFor, requireUser } from '../app-context'
import { todayFor } from './applications'
import type { HandlerGroup } from './types'

type PersonJob = JobRow & { state: JobState; fit: number | null; fit_reasons: string | null; watched: number }

type Opinions = Awaited<ReturnType<typeof opinionsOf>>

function toFeedJob(row: PersonJob, opinions: Opinions, before: string | undefined): FeedJob {
  const reasons = fitReasonsOf(row.fit_reasons)
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
    fit: row.fit === null ? null : Number(row.fit),
    fitReasons: reasons.good,
    fitMissing: reasons.missing,
    watched: Number(row.watched) === 1,
    opinion: opinions.get(row.id) ?? null,
    closed: closedState(row, before),
  }
}

/** The currency a person's salary minimum is in when they name none: their country's, else euros. */
async function personCurrency(db: AppContext['handle']['db'], userId: number): Promise<string> {
  const { profile } = await fitInputsOf(db, userId)
  if (profile.country) return currencyOfCountry(profile.country) ?? 'EUR'
  for (const location of profile.locations) {
    const place = resolvePlace(location)
    const country = place.kind === 'city' || place.kind === 'country' ? place.country : null
    if (country) return currencyOfCountry(country) ?? 'EUR'
  }
  return 'EUR'
}

/** A feed query's filters as listFeed takes them (the feed and its export share them). */
export async function feedFilters(
  ctx: AppContext,
  userId: number,
  query: Omit<ParsedInput<'feed/list'>, 'limit' | 'offset' | 'email'>,
): Promise<Omit<FeedQuery, 'limit' | 'offset'>> {
  const { db } = ctx.handle
  const { blocklist, currencyRates } = ctx.local.get()
  const minSalary = query.minSalary && {
    yearly: query.minSalary.amount * YEAR_FACTORS[query.minSalary.period],
    currency: query.minSalary.currency?.toUpperCase() ?? (await personCurrency(db, userId)),
    rates: currencyRates,
    keepUnknown: query.minSalary.keepUnknown,
  }
  let companyKey: string | undefined
  if (query.company) {
    companyKey = canonicalCompany(query.company) ?? undefined
    if (!companyKey)
      throw new UserError(
        `“${query.company}” is not a company name: use letters or digits.`,
        'feed.bad-company',
      )
  }
  return {
    userId,
    text: query.text,
    title: query.title,
    location: query.location,
    arrangements: query.arrangements,
    source: query.source,
    since: query.postedWithinDays
      ? new Date(ctx.clock().getTime() - query.postedWithinDays * 86_400_000).toISOString()
      : undefined,
    salaryKnown: query.salaryKnown,
    minSalary,
    companyKey,
    watchedOnly: query.watchedOnly,
    states: query.states,
    sort: query.sort,
    blockTitles: blocklist.titles,
    blockCompanies: blocklist.companies,
    closed: query.closed,
    unseenBefore: await unseenBefore(db, ctx.clock),
  }
}

export function feedHandlers(
  ctx: AppContext,
): HandlerGroup<
  | 'feed/list'
  | 'feed/export'
  | 'feed/mark-visited'
  | 'jobs/get'
  | 'jobs/set-state'
  | 'companies/watched'
  | 'companies/watch'
  | 'companies/unwatch'
> {
  const { db } = ctx.handle
  return {
    'feed/list': async (query) => {
      const user = await personFor(ctx, query.email, 'jobs.no-user')
      // A database opened read-only (a command on a file it cannot write) shows the scores it holds.
      if (!ctx.handle.readOnly) await ensureFits(db, user.id, ctx.clock)
      const filters = await feedFilters(ctx, user.id, query)
      const rows = await listFeed(db, {
        ...filters,
        limit: query.limit,
        offset: query.offset,
        fitsFresh: !ctx.handle.readOnly,
      })
      const opinions = await opinionsOf(
        db,
        user.id,
        rows.map((r) => r.id),
      )
      return {
        email: user.email,
        jobs: rows.map((r) => toFeedJob(r, opinions, filters.unseenBefore)),
        lastVisitAt: user.last_feed_visit_at,
      }
    },

    'feed/export': async ({ format, limit, email, ...query }) => {
      const user = await personFor(ctx, email, 'jobs.no-user')
      if (!ctx.handle.readOnly) await ensureFits(db, user.id, ctx.clock)
      const filters = await feedFilters(ctx, user.id, query)
      const rows: FeedRow[] = []
      // One more than asked for says whether the file holds them all.
      while (rows.length <= limit) {
        const page = await listFeed(db, {
          ...filters,
          limit: 500,
          offset: rows.length,
          withDescription: true,
          fitsFresh: !ctx.handle.readOnly,
        })
        rows.push(...page)
        if (page.length < 500) break
      }
      const jobs = await exportedJobs(db, rows.slice(0, limit))
      const day = ctx.clock().toISOString().slice(0, 10)
      return {
        fileName: `job-monitor-${day}.${format}`,
        mimeType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        content: format === 'csv' ? toCsv(jobs) : toJson(jobs),
        count: jobs.length,
        truncated: rows.length > limit,
      }
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
        ...toFeedJob(row, await opinionsOf(db, user.id, [id]), await unseenBefore(db, ctx.clock)),
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

    'jobs/set-state': async ({ id, state, on }) => {
      const user = await requireUser(ctx)
      if (!(await jobExists(db, id)))
        throw new UserError(`There is no job ${id}: reload the feed.`, 'jobs.not-found')
      const after = await setJobState(db, user.id, id, state, ctx.clock, { on, today: await todayFor(ctx) })
      return { id, state: after }
    },

    'companies/watched': async () => {
      const user = await requireUser(ctx)
      return watchedCompanies(db, user.id)
    },

    'companies/watch': async ({ name }) => {
      const user = await requireUser(ctx)
      if (!canonicalCompany(name))
        throw new UserError(`“${name}” is not a company name: use letters or digits.`, 'feed.bad-company')
      const added = await watchCompany(db, user.id, name, ctx.clock)
      return { added, watched: await watchedCompanies(db, user.id) }
    },

    'companies/unwatch': async ({ name }) => {
      const user = await requireUser(ctx)
      const removed = await unwatchCompany(db, user.id, name)
      return { removed, watched: await watchedCompanies(db, user.id) }
    },
  }
}
