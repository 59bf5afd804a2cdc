import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { listFeed } from '../core/repos/feed-repo'
import { listUsers } from '../core/repos/users-repo'
import { requireUserByEmail, withDatabase } from './context'
import type { CliIo } from './io'

/** `job-monitor jobs [--email E] [--json] [--limit N]`: a person's feed, newest first. */
export async function jobsCommand(
  config: AppConfig,
  options: { email?: string; json?: boolean; limit: string },
  io: CliIo,
): Promise<void> {
  const limit = Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UserError(
      `--limit must be a whole number from 1 to 1000, not "${options.limit}".`,
      'cli.bad-limit',
    )
  }
  await withDatabase(
    config,
    io,
    async ({ db }) => {
      let user = options.email ? await requireUserByEmail(db, options.email, 'jobs.no-user') : undefined
      if (!user) {
        const users = await listUsers(db)
        if (users.length > 1)
          throw new UserError(
            `${users.length} people share this database: say whose feed with --email.`,
            'jobs.which-user',
          )
        user = users[0]
      }
      if (!user)
        throw new UserError(
          'No one has a plan yet: import a CV with "job-monitor cv add FILE --email E".',
          'jobs.no-user',
        )
      const jobs = await listFeed(db, { userId: user.id, limit })
      if (options.json) {
        const out = jobs.map((j) => ({
          id: j.id,
          title: j.title,
          company: j.company,
          location: j.location,
          remote: j.is_remote === 1,
          workArrangement: j.work_arrangement,
          salary:
            j.salary_min || j.salary_max
              ? { min: j.salary_min, max: j.salary_max, currency: j.salary_currency, period: j.salary_period }
              : null,
          postedAt: j.posted_at,
          firstSeenAt: j.first_seen_at,
          applyUrl: j.apply_url,
          state: j.state,
        }))
        io.out(JSON.stringify(out, null, 2))
        return
      }
      if (jobs.length === 0) {
        io.out(`No jobs yet for ${user.email}: run "job-monitor backfill" or "job-monitor daily --run-once".`)
        return
      }
      for (const j of jobs) {
        const when = (j.posted_at ?? j.first_seen_at).slice(0, 10)
        // A job without a posting date is placed by when it was first seen, and says so.
        const undated = j.posted_at ? '' : '  (posted: unknown · first seen then)'
        io.out(
          `${when}  ${j.title}${j.company ? ` — ${j.company}` : ''}${j.location ? `, ${j.location}` : ''}${undated}`,
        )
        if (j.apply_url) io.out(`            ${j.apply_url}`)
      }
      io.out(`${jobs.length} jobs for ${user.email}, newest first.`)
    },
    { readOnly: true },
  )
}
