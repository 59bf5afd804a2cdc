import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { withApp } from './app-client'
import type { CliIo } from './io'

/**
 * `job-monitor jobs [--email E] [--search TEXT] [--json] [--limit N]`: a person's feed, newest first, or the
 * jobs matching a search (docs/search.md has the syntax), best matches first.
 */
export async function jobsCommand(
  config: AppConfig,
  options: { email?: string; search?: string; json?: boolean; limit: string },
  io: CliIo,
): Promise<void> {
  const limit = Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UserError(
      `--limit must be a whole number from 1 to 1000, not "${options.limit}".`,
      'cli.bad-limit',
    )
  }
  const text = options.search?.trim()
  if (text !== undefined && (text.length === 0 || text.length > 200))
    throw new UserError(
      '--search needs a search of 1 to 200 characters, such as --search \'python "data engineer" -intern\'.',
      'cli.bad-search',
    )
  const feed = await withApp(
    config,
    io,
    (app) => app.call('feed/list', { email: options.email, limit, ...(text ? { text } : {}) }),
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
    io.out(
      `${when}  ${j.title}${j.company ? ` — ${j.company}` : ''}${j.location ? `, ${j.location}` : ''}${undated}`,
    )
    if (j.applyUrl) io.out(`            ${j.applyUrl}`)
  }
  const count = `${feed.jobs.length} ${feed.jobs.length === 1 ? 'job' : 'jobs'} for ${feed.email}`
  io.out(
    text
      ? `${count} matching "${text}": title, company or place matches first, newest first among them.`
      : `${count}, newest first.`,
  )
}
