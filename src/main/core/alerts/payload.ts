import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { ensureFits } from '../repos/fit-repo'

/** One job in an alert. */
export interface AlertJob {
  id: number
  title: string
  company: string | null
  place: string | null
  /** Where to apply (the job's link), when a source gave one. */
  link: string | null
  /** The person's fit score, 0–100; null when it could not be computed. */
  fit: number | null
  postedAt: string | null
  /** The company is on the person's watchlist. */
  watched: boolean
}

/**
 * What every channel is given: whose alert, which load, and the new jobs (best fit first, newest among
 * equals). The webhook sends it as it is (docs/alerts-webhook.md); ntfy and e-mail render it.
 */
export interface AlertPayload {
  kind: 'new-jobs' | 'test'
  person: { email: string }
  run: { id: number | null; at: string }
  /** The fit a job needed to be in the alert (0: every new job). */
  minFit: number
  jobs: AlertJob[]
  /** New jobs above the threshold beyond the ones listed. */
  more: number
}

/** At most this many jobs are listed in one alert; the rest are counted (`more`). */
export const ALERT_JOBS = 50

/**
 * The alert of a load's new jobs for a person: those with at least `minFit` and those at watched companies,
 * best first; undefined when none qualifies.
 */
export async function newJobsPayload(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: number; runId: number | null; jobIds: readonly number[]; minFit: number },
): Promise<AlertPayload | undefined> {
  if (input.jobIds.length === 0) return undefined
  const person = await db
    .selectFrom('users')
    .select('email')
    .where('id', '=', input.userId)
    .executeTakeFirst()
  if (!person) return undefined
  await ensureFits(db, input.userId, clock)
  const jobs: AlertJob[] = []
  const ids = [...new Set(input.jobIds)]
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('jobs as j')
      .leftJoin('job_fit as f', (join) =>
        join.onRef('f.job_id', '=', 'j.id').on('f.user_id', '=', input.userId),
      )
      .leftJoin('watched_companies as w', (join) =>
        join.onRef('w.company_key', '=', 'j.company_key').on('w.user_id', '=', input.userId),
      )
      .select([
        'j.id',
        'j.title',
        'j.company',
        'j.location',
        'j.apply_url',
        'j.posted_at',
        'j.sort_at',
        'f.score',
        'w.company_key as watched',
      ])
      .where('j.id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const r of rows) {
      const watched = r.watched !== null
      if (!watched && (r.score ?? 0) < input.minFit) continue
      jobs.push({
        id: r.id,
        title: r.title,
        company: r.company,
        place: r.location,
        link: r.apply_url,
        fit: r.score ?? null,
        postedAt: r.posted_at ?? r.sort_at,
        watched,
      })
    }
  }
  if (jobs.length === 0) return undefined
  jobs.sort(
    (a, b) =>
      (b.fit ?? -1) - (a.fit ?? -1) || (b.postedAt ?? '').localeCompare(a.postedAt ?? '') || b.id - a.id,
  )
  return {
    kind: 'new-jobs',
    person: { email: person.email },
    run: { id: input.runId, at: clock().toISOString() },
    minFit: input.minFit,
    jobs: jobs.slice(0, ALERT_JOBS),
    more: Math.max(0, jobs.length - ALERT_JOBS),
  }
}

/** The alert *Send a test* sends: one made-up job, so each channel shows what an alert looks like. */
export function testPayload(email: string, clock: Clock): AlertPayload {
  const at = clock().toISOString()
  return {
    kind: 'test',
    person: { email },
    run: { id: null, at },
    minFit: 0,
    jobs: [
      {
        id: 0,
        title: 'Test alert: Data Engineer',
        company: 'Job Monitor',
        place: 'Berlin',
        link: 'https://example.org/job-monitor-test-alert',
        fit: 100,
        postedAt: at,
        watched: false,
      },
    ],
    more: 0,
  }
}
