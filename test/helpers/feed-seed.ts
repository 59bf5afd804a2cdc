import { CITIES, syntheticSightings, TITLES } from '../../bench/synthetic-jobs'
import type { DbHandle } from '../../src/main/core/db/open'
import type { NormalizedJob } from '../../src/main/core/jobs/job'
import { combinationKey } from '../../src/main/core/normalize/combination-key'
import { setJobState } from '../../src/main/core/repos/applications-repo'
import { ensureFits } from '../../src/main/core/repos/fit-repo'
import { upsertJobs } from '../../src/main/core/repos/jobs-repo'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { DATA_ENGINEER, storeProfile } from './cv-profile'

/** A description that tries every trick a hostile job board could: it must render inert. */
export const HOSTILE_DESCRIPTION = [
  '<p>We build <strong>safe</strong> software.</p>',
  '<script>window.__pwned = "script"</script>',
  '<img src="x" onerror="window.__pwned = \'onerror\'">',
  '<a href="javascript:window.__pwned=\'javascript-link\'">Click me</a>',
  '<img src="https://tracker.example/pixel.gif" width="1" height="1">',
  '<iframe src="https://evil.example/"></iframe>',
  '<p style="position:fixed;inset:0" onclick="window.__pwned=\'onclick\'">Benefits: remote days</p>',
  '<a href="https://careers.example.org/apply">Read more</a>',
].join('')

/** The title of the seeded job without a posting date. */
export const UNDATED_TITLE = 'Undated Platform Engineer'
/** Posted two hours before the seed: genuinely new, so it is listed above the undated job. */
export const FRESH_TITLE = 'Fresh Analytics Engineer'

/** The job that fits the seeded CV best: its title, skills, city and arrangement, with a salary. */
export const BEST_FIT_TITLE = 'Senior Data Engineer (best fit)'
export const BEST_FIT_COMPANY = 'Passend GmbH'

export const HOSTILE_TITLE = 'Security Engineer (hostile description)'
/** Listed expired by Active Jobs DB: out of the feed unless "Closed jobs too". */
export const CLOSED_TITLE = 'Platform Engineer (listed expired)'
/** Listed expired, and saved: it stays in the feed with a Closed badge. */
export const CLOSED_SAVED_TITLE = 'Data Engineer (saved, listed expired)'
/** A job stored, as an older version could, with a `javascript:` apply URL. */
export const SCRIPT_LINK_TITLE = 'Platform Engineer (script apply link)'

/**
 * A person with a plan of every synthetic title × city and `count` jobs matched to it, stored through the
 * app's own upsert, plus one job with a hostile HTML description posted most recently.
 */
export async function seedFeed(
  handle: DbHandle,
  options: { email: string; count: number; now?: Date },
): Promise<{ userId: number }> {
  const clock = () => options.now ?? new Date()
  const user = await upsertUser(handle.db, { email: options.email, name: 'Feed Tester' }, clock)
  await addQueries(
    handle.db,
    user.id,
    TITLES.flatMap((title) => CITIES.map((location) => ({ title, location }))),
    clock,
  )
  // The person's CV: what the fit score compares every job with.
  await storeProfile(handle.db, user.id, DATA_ENGINEER, clock().toISOString())
  const items = syntheticSightings(options.count, 0, 7).map((item) => ({
    ...item,
    job: { ...item.job, description: item.job.description!.slice(0, 600) },
  }))
  for (let i = 0; i < items.length; i += 500) await upsertJobs(handle.db, items.slice(i, i + 500), clock)
  const hostile: NormalizedJob = {
    source: 'jsearch',
    sourceJobId: 'hostile-1',
    title: HOSTILE_TITLE,
    company: 'Mallory GmbH',
    location: 'Berlin, Germany',
    city: 'Berlin',
    region: null,
    country: 'DE',
    isRemote: false,
    workArrangement: 'Hybrid',
    employmentType: 'full-time',
    salaryMin: 70_000,
    salaryMax: 90_000,
    salaryCurrency: 'EUR',
    salaryPeriod: 'YEAR',
    description: HOSTILE_DESCRIPTION,
    applyUrl: 'https://careers.example.org/apply/hostile-1',
    postedAt: clock().toISOString(),
    raw: {},
  }
  // A job whose source gave no posting date: shown as "posted: unknown · first seen …".
  const undated: NormalizedJob = {
    ...hostile,
    sourceJobId: 'undated-1',
    title: UNDATED_TITLE,
    company: 'Zeitlos GmbH',
    description: 'Teilzeit, ab sofort.',
    applyUrl: 'https://careers.example.org/apply/undated-1',
    employmentType: 'part-time',
    employmentTypeText: 'Teilzeit',
    postedAt: null,
  }
  const fresh: NormalizedJob = {
    ...hostile,
    sourceJobId: 'fresh-1',
    title: FRESH_TITLE,
    company: 'Frisch AG',
    description: 'Posted this morning.',
    applyUrl: 'https://careers.example.org/apply/fresh-1',
    postedAt: new Date(clock().getTime() - 2 * 3_600_000).toISOString(),
  }
  const scriptLink: NormalizedJob = {
    ...hostile,
    sourceJobId: 'script-link-1',
    title: SCRIPT_LINK_TITLE,
    company: 'Skript AG',
    description: 'Apply below.',
    applyUrl: 'javascript:window.__pwned="o"',
  }
  const bestFit: NormalizedJob = {
    ...hostile,
    sourceJobId: 'best-fit-1',
    title: BEST_FIT_TITLE,
    company: BEST_FIT_COMPANY,
    description: 'Python, Spark and Airflow in an English-speaking team.',
    applyUrl: 'https://careers.example.org/apply/best-fit-1',
    salaryMin: 100_000,
    salaryMax: 120_000,
    postedAt: new Date(clock().getTime() - 3 * 86_400_000).toISOString(),
  }
  // Two jobs Active Jobs DB listed expired: one the person saved (it stays, with its badge), one not.
  const closed: NormalizedJob = {
    ...hostile,
    source: 'activejobs',
    sourceJobId: 'closed-1',
    title: CLOSED_TITLE,
    company: 'Geschlossen GmbH',
    description: 'This opening has closed.',
    applyUrl: 'https://careers.example.org/apply/closed-1',
  }
  const closedSaved: NormalizedJob = {
    ...closed,
    sourceJobId: 'closed-2',
    title: CLOSED_SAVED_TITLE,
    applyUrl: 'https://careers.example.org/apply/closed-2',
  }
  const extras = await upsertJobs(
    handle.db,
    [hostile, fresh, undated, scriptLink, bestFit, closed, closedSaved].map((job) => ({
      job,
      matches: [combinationKey(TITLES[0]!, CITIES[0]!)],
    })),
    clock,
    // Found by a daily load: its window is the last 24 hours.
    { postedAfter: new Date(clock().getTime() - 86_400_000).toISOString() },
  )
  const [closedId, closedSavedId] = extras.slice(-2).map((o) => o.jobId)
  await handle.db
    .updateTable('jobs')
    .set({ closed_at: clock().toISOString(), closed_reason: 'expired' })
    .where('id', 'in', [closedId!, closedSavedId!])
    .execute()
  await setJobState(handle.db, user.id, closedSavedId!, 'saved', clock)
  // Scored as an import scores them, so the first look at the feed does not pay for it.
  await ensureFits(handle.db, user.id, clock)
  return { userId: user.id }
}
