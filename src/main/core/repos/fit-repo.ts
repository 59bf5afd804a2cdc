import type { Kysely, Transaction } from 'kysely'
import { cvProfileSchema } from '../../../shared/contract/profile'
import { type Clock, isoNow } from '../clock'
import { insertRows } from '../db/dialect'
import type { Database } from '../db/schema'
import {
  type FitInputs,
  type FitJob,
  type FitProfile,
  type FitReasons,
  FRESHNESS_DAYS,
  fitInputsKey,
  prepareFitProfile,
  scoreJob,
} from '../fit/score'
import { canonicalCompany } from '../normalize/job-identity'
import { foundForPerson } from './person-jobs'

type Db = Kysely<Database> | Transaction<Database>

/** The job columns a score reads. */
const FIT_COLUMNS = [
  'j.id',
  'j.title',
  'j.company_key',
  'j.city',
  'j.country',
  'j.is_remote',
  'j.work_arrangement',
  'j.description',
  'j.key_skills',
  'j.salary_year_min',
  'j.salary_year_max',
  'j.salary_currency',
  'j.sort_at',
] as const

/** Jobs scored per statement. */
const BATCH = 400

/**
 * Profiles ready to score with, by their exact inputs: storing jobs scores each page for the same people,
 * and preparing one resolves their places and builds their patterns. A few people share a database.
 */
const PREPARED = new Map<string, FitProfile>()
function preparedProfile(inputs: FitInputs): FitProfile {
  const key = JSON.stringify(inputs)
  let profile = PREPARED.get(key)
  if (!profile) {
    profile = prepareFitProfile(inputs)
    if (PREPARED.size >= 32) PREPARED.delete(PREPARED.keys().next().value!)
    PREPARED.set(key, profile)
  }
  return profile
}

/**
 * What a person's scores are computed from: the latest CV's profile (or an empty one), the titles and
 * places of every row of their plan (paused ones too: pausing hides jobs, it does not change what fits),
 * their watched companies, and the combinations themselves (which jobs are scored).
 */
export async function fitInputsOf(db: Db, userId: number): Promise<FitInputs> {
  const cv = await db
    .selectFrom('cvs')
    .select('profile_json')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  const parsed = cv ? cvProfileSchema.safeParse(JSON.parse(cv.profile_json)) : undefined
  const profile = parsed?.success
    ? parsed.data
    : cvProfileSchema.parse({
        jobTitles: [],
        locations: [],
        workArrangement: null,
        seniority: null,
        skills: [],
        languages: [],
        summary: '',
      })
  const rows = await db
    .selectFrom('user_search_queries')
    .select(['title_keyword', 'location', 'title_key', 'location_key'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute()
  const watched = await db
    .selectFrom('watched_companies')
    .select('company_key')
    .where('user_id', '=', userId)
    .execute()
  const distinct = (values: string[]) => [...new Map(values.map((v) => [v.toLowerCase(), v])).values()]
  return {
    profile: { ...profile, locations: distinct([...profile.locations, ...rows.map((r) => r.location)]) },
    planTitles: distinct(rows.map((r) => r.title_keyword)),
    combinations: distinct(rows.map((r) => `${r.title_key}\u0000${r.location_key}`)),
    watched: watched.map((w) => w.company_key),
  }
}

/**
 * Brings a person's stored scores up to date: all of them when what they are computed from changed (a new
 * CV, a plan edit, a watched company, a new version of the score), else, once a day, the jobs of the last
 * two weeks (whose freshness part moves). Returns how many jobs were scored.
 */
export async function ensureFits(db: Kysely<Database>, userId: number, clock: Clock): Promise<number> {
  const inputs = await fitInputsOf(db, userId)
  const key = fitInputsKey(inputs)
  const now = isoNow(clock)
  const today = now.slice(0, 10)
  const mark = await db.selectFrom('fit_marks').selectAll().where('user_id', '=', userId).executeTakeFirst()
  if (mark && mark.inputs_key === key && mark.fresh_on === today) return 0
  const since =
    mark && mark.inputs_key === key
      ? new Date(Date.parse(now) - (FRESHNESS_DAYS + 1) * 86_400_000).toISOString()
      : undefined
  const profile = prepareFitProfile(inputs)
  let scored = 0
  let after = 0
  for (;;) {
    const jobs = await feedJobsForScoring(db, userId, after, since)
    if (jobs.length === 0) break
    after = jobs.at(-1)!.id
    await writeFits(
      db,
      userId,
      jobs.map((job) => ({ jobId: job.id, sortAt: job.sort_at, ...scoreJob(profile, job, now) })),
      now,
    )
    scored += jobs.length
  }
  if (!since) {
    // Scores of jobs that left the person's feed (a removed title) go with them.
    await db.deleteFrom('job_fit').where('user_id', '=', userId).where('computed_at', '<', now).execute()
  }
  await db
    .insertInto('fit_marks')
    .values({ user_id: userId, inputs_key: key, fresh_on: today, computed_at: now })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ inputs_key: key, fresh_on: today, computed_at: now }),
    )
    .execute()
  return scored
}

async function feedJobsForScoring(db: Db, userId: number, after: number, since?: string) {
  let query = db
    .selectFrom('jobs as j')
    .select(FIT_COLUMNS)
    .where('j.id', '>', after)
    // Paused rows too: pausing hides their jobs, and they come back scored.
    .where((eb) => foundForPerson(eb, userId, false))
  if (since) query = query.where('j.sort_at', '>=', since)
  return (await query.orderBy('j.id').limit(BATCH).execute()) as Array<FitJob & { id: number }>
}

async function writeFits(
  db: Db,
  userId: number,
  fits: ReadonlyArray<{ jobId: number; sortAt: string; score: number; reasons: FitReasons }>,
  now: string,
): Promise<void> {
  const columns = ['user_id', 'job_id', 'score', 'reasons_json', 'sort_at', 'computed_at'] as const
  for (let i = 0; i < fits.length; i += BATCH) {
    await insertRows(
      db,
      'job_fit',
      columns,
      fits
        .slice(i, i + BATCH)
        .map((f) => [userId, f.jobId, f.score, JSON.stringify(f.reasons), f.sortAt, now]),
      `on conflict ("user_id", "job_id") do update set "score" = excluded."score",
       "reasons_json" = excluded."reasons_json", "sort_at" = excluded."sort_at", "computed_at" = excluded."computed_at"`,
    )
  }
}

/**
 * Scores jobs just stored for every person whose plan they match, inside the upsert's transaction, so a
 * stored job always has its scores. A person whose scores are out of date is left to `ensureFits`, which
 * scores all of theirs.
 */
export async function scoreStoredJobs(
  trx: Transaction<Database>,
  jobIds: readonly number[],
  now: string,
): Promise<void> {
  if (jobIds.length === 0) return
  const ids = [...new Set(jobIds)]
  const pairs = await trx
    .selectFrom('job_matches as m')
    .innerJoin('user_search_queries as q', (join) =>
      join.onRef('q.title_key', '=', 'm.title_key').onRef('q.location_key', '=', 'm.location_key'),
    )
    .select(['q.user_id', 'm.job_id'])
    .distinct()
    .where('m.job_id', 'in', ids)
    .execute()
  if (pairs.length === 0) return
  const byUser = new Map<number, number[]>()
  for (const pair of pairs) {
    const list = byUser.get(pair.user_id) ?? []
    list.push(pair.job_id)
    byUser.set(pair.user_id, list)
  }
  const marks = await trx
    .selectFrom('fit_marks')
    .select(['user_id', 'inputs_key'])
    .where('user_id', 'in', [...byUser.keys()])
    .execute()
  const keyOf = new Map(marks.map((m) => [m.user_id, m.inputs_key]))
  const jobs = new Map<number, FitJob & { id: number }>()
  for (const [userId, userJobs] of byUser) {
    if (!keyOf.has(userId)) continue
    const inputs = await fitInputsOf(trx, userId)
    if (fitInputsKey(inputs) !== keyOf.get(userId)) continue
    const wanted = userJobs.filter((id) => !jobs.has(id))
    for (let i = 0; i < wanted.length; i += BATCH) {
      const rows = (await trx
        .selectFrom('jobs as j')
        .select(FIT_COLUMNS)
        .where('j.id', 'in', wanted.slice(i, i + BATCH))
        .execute()) as Array<FitJob & { id: number }>
      for (const row of rows) jobs.set(row.id, row)
    }
    const profile = preparedProfile(inputs)
    await writeFits(
      trx,
      userId,
      userJobs.flatMap((id) => {
        const job = jobs.get(id)
        return job ? [{ jobId: id, sortAt: job.sort_at, ...scoreJob(profile, job, now) }] : []
      }),
      now,
    )
  }
}

/** A stored score's reasons, tolerating a row written by a newer version. */
export function fitReasonsOf(json: string | null | undefined): FitReasons {
  if (!json) return { good: [], missing: [] }
  try {
    const value = JSON.parse(json) as Partial<FitReasons>
    return {
      good: Array.isArray(value.good) ? value.good.map(String) : [],
      missing: Array.isArray(value.missing) ? value.missing.map(String) : [],
    }
  } catch {
    return { good: [], missing: [] }
  }
}

export interface WatchedCompany {
  name: string
  key: string
}

export async function watchedCompanies(db: Db, userId: number): Promise<WatchedCompany[]> {
  const rows = await db
    .selectFrom('watched_companies')
    .select(['name', 'company_key'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('company_key')
    .execute()
  return rows.map((r) => ({ name: r.name, key: r.company_key }))
}

/** Adds a company (by its canonical form: "Zalando SE" and "zalando" are one); false when it was there. */
export async function watchCompany(db: Db, userId: number, name: string, clock: Clock): Promise<boolean> {
  const key = canonicalCompany(name)
  if (!key) return false
  const result = await db
    .insertInto('watched_companies')
    .values({ user_id: userId, company_key: key, name: name.trim(), created_at: isoNow(clock) })
    .onConflict((oc) => oc.columns(['user_id', 'company_key']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function unwatchCompany(db: Db, userId: number, name: string): Promise<boolean> {
  const key = canonicalCompany(name)
  if (!key) return false
  const result = await db
    .deleteFrom('watched_companies')
    .where('user_id', '=', userId)
    .where('company_key', '=', key)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/**
 * Of a load's new jobs for a person: how many fit at least `minFit`, and the companies on their watchlist
 * that have new jobs (always told, whatever their fit). Scores them first if the person's are out of date.
 */
export async function newJobsWorthTelling(
  db: Kysely<Database>,
  userId: number,
  jobIds: readonly number[],
  minFit: number,
  clock: Clock,
): Promise<{ fitting: number; watched: string[] }> {
  if (jobIds.length === 0) return { fitting: 0, watched: [] }
  await ensureFits(db, userId, clock)
  let fitting = 0
  const watched = new Set<string>()
  for (let i = 0; i < jobIds.length; i += BATCH) {
    const rows = await db
      .selectFrom('jobs as j')
      .leftJoin('job_fit as f', (join) => join.onRef('f.job_id', '=', 'j.id').on('f.user_id', '=', userId))
      .leftJoin('watched_companies as w', (join) =>
        join.onRef('w.company_key', '=', 'j.company_key').on('w.user_id', '=', userId),
      )
      .select(['j.company', 'f.score', 'w.company_key as watched'])
      .where('j.id', 'in', jobIds.slice(i, i + BATCH))
      .execute()
    for (const row of rows) {
      if ((row.score ?? 0) >= minFit) fitting++
      if (row.watched && row.company) watched.add(row.company)
    }
  }
  return { fitting, watched: [...watched].sort() }
}
