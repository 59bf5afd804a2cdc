import { parseSalaryMinimum } from '../../shared/salary'
import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { withApp } from './app-client'
import type { CliIo } from './io'

/** The feed's filters as `jobs` and `export` take them. */
export interface FeedFilterOptions {
  search?: string
  sort?: string
  minSalary?: string
  company?: string
  watched?: boolean
  closed?: string
}

export interface JobsOptions extends FeedFilterOptions {
  email?: string
  json?: boolean
  limit: string
}

/** The filter options checked, as the contract's feed query; each mistake is one line saying what to write. */
export function feedFilterOptions(options: FeedFilterOptions) {
  const text = options.search?.trim()
  if (text !== undefined && (text.length === 0 || text.length > 200))
    throw new UserError(
      '--search needs a search of 1 to 200 characters, such as --search \'python "data engineer" -intern\'.',
      'cli.bad-search',
    )
  const sort = options.sort?.trim().toLowerCase() ?? 'newest'
  if (sort !== 'newest' && sort !== 'fit')
    throw new UserError(`--sort takes newest or fit, not "${options.sort}".`, 'cli.bad-sort')
  let minSalary: { amount: number; period: 'year'; currency?: string } | undefined
  if (options.minSalary !== undefined) {
    const parsed = parseSalaryMinimum(options.minSalary)
    if ('error' in parsed) throw new UserError(`--min-salary: ${parsed.error}`, 'cli.bad-salary')
    minSalary = {
      amount: parsed.yearly,
      period: 'year',
      ...(parsed.currency ? { currency: parsed.currency } : {}),
    }
  }
  const company = options.company?.trim()
  if (options.company !== undefined && !company)
    throw new UserError('--company needs a company name, such as --company "Zalando".', 'cli.bad-company')
  const closed = options.closed?.trim().toLowerCase()
  if (closed !== undefined && closed !== 'show' && closed !== 'only' && closed !== 'hide')
    throw new UserError(
      `--closed takes show (closed jobs too), only (just those) or hide (the default), not "${options.closed}".`,
      'cli.bad-closed',
    )
  return {
    sort: sort as 'newest' | 'fit',
    ...(closed ? { closed: closed as 'show' | 'only' | 'hide' } : {}),
    ...(text ? { text } : {}),
    ...(minSalary ? { minSalary } : {}),
    ...(company ? { company } : {}),
    ...(options.watched ? { watchedOnly: true } : {}),
  }
}

/**
 * `job-monitor jobs [--email E] [--search TEXT] [--sort fit|newest] [--min-salary PAY] [--company NAME]
 * [--watched] [--json] [--limit N]`: a person's feed, newest first or best fit first, or the jobs matching a
 * search (docs/search.md has the syntax and the score).
 */
export async function jobsCommand(config: AppConfig, options: JobsOptions, io: CliIo): Promise<void> {
  const limit = Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UserError(
      `--limit must be a whole number from 1 to 1000, not "${options.limit}".`,
      'cli.bad-limit',
    )
  }
  const filters = feedFilterOptions(options)
  const { text, sort } = filters
  // On a database it cannot write, the scores are the ones stored (they are brought up to date otherwise).
  const feed = await withApp(
    config,
    io,
    (app) =>
      app.call('feed/list', {
        email: options.email,
        limit,
        ...filters,
      }),
    { readOnly: true },
  )
  if (options.json) {
    // The documented shape of `jobs --json` (docs/cli.md), kept stable for scripts.
    const out = feed.jobs.map((j) => ({
      id: j.id,
      title: j.title,
      company: j.company,
      location: j.location,
      remote: j.isRemote,
      workArrangement: j.workArrangement,
      salary:
        j.salaryMin || j.salaryMax
          ? { min: j.salaryMin, max: j.salaryMax, currency: j.salaryCurrency, period: j.salaryPeriod }
          : null,
      postedAt: j.postedAt,
      firstSeenAt: j.firstSeenAt,
      applyUrl: j.applyUrl,
      state: j.state,
      fit: j.fit,
      fitReasons: [...j.fitReasons, ...j.fitMissing.map((m) => `missing: ${m}`)],
      watched: j.watched,
      opinion: j.opinion,
      closed: j.closed,
    }))
    io.out(JSON.stringify(out, null, 2))
    return
  }
  if (feed.jobs.length === 0) {
    io.out(
      text
        ? `No job of ${feed.email}'s matches "${text}": loosen the search (docs/search.md has the syntax).`
        : `No jobs yet for ${feed.email}: run "job-monitor backfill" or "job-monitor daily --run-once".`,
    )
    return
  }
  for (const j of feed.jobs) {
    const when = (j.postedAt ?? j.firstSeenAt).slice(0, 10)
    // A job without a posting date is placed by when it was first seen, and says so.
    const undated = j.postedAt ? '' : '  (posted: unknown · first seen then)'
    const fit = j.fit === null ? '' : `${String(j.fit).padStart(3)}  `
    io.out(
      `${when}  ${fit}${j.title}${j.company ? ` — ${j.company}` : ''}${j.location ? `, ${j.location}` : ''}${j.watched ? '  ★ watched' : ''}${j.closed ? (j.closed.reason === 'expired' ? '  (closed)' : '  (probably closed)') : ''}${undated}`,
    )
    if (sort === 'fit' && (j.fitReasons.length > 0 || j.fitMissing.length > 0))
      io.out(`                 ${[...j.fitReasons, ...j.fitMissing.map((m) => `missing: ${m}`)].join(' · ')}`)
    if (j.applyUrl) io.out(`            ${j.applyUrl}`)
  }
  const count = `${feed.jobs.length} ${feed.jobs.length === 1 ? 'job' : 'jobs'} for ${feed.email}`
  io.out(
    sort === 'fit'
      ? `${count}${text ? ` matching "${text}"` : ''}, best fit first (the score is 0–100; docs/search.md explains it).`
      : text
        ? `${count} matching "${text}": title, company or place matches first, newest first among them.`
        : `${count}, newest first.`,
  )
}
