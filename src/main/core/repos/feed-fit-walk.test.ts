import { type Kysely, type KyselyPlugin, sql } from 'kysely'
import { expect, it } from 'vitest'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import type { Database, JobState } from '../db/schema'
import { combinationKey } from '../normalize/combination-key'
import { setJobState } from './applications-repo'
import { type FeedQuery, listFeed } from './feed-repo'
import { ensureFits } from './fit-repo'
import { upsertJobs } from './jobs-repo'
import { addQueries, listQueries, updateQuery } from './queries-repo'
import { upsertUser } from './users-repo'

/**
 * With fresh fit scores PostgreSQL walks a person's own jobs through `job_fit` (feed-repo's fitWalk) and asks
 * `job_fit` whether a job is theirs. These tests hold that path to the plain one, job by job and in order,
 * on a feed with ties, states, closed jobs, other people's combinations and a paused row.
 */

const CLOCK = testClock('2026-11-20T06:00:00.000Z')

/** A small deterministic generator, so a failure names the same jobs every run. */
function random(seed: number) {
  let x = seed
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648
    return x / 2_147_483_648
  }
}

/** Words with the spread of real postings: some in most jobs, some in a few, some in almost none. */
const VOCABULARY: Array<[string, number]> = [
  ['data', 0.8],
  ['python', 0.5],
  ['senior', 0.35],
  ['spark', 0.2],
  ['airflow', 0.15],
  ['kubernetes', 0.06],
  ['pipelines', 0.3],
  ['team', 0.7],
  ['berlin', 0.2],
  ['kafka', 0.03],
  ['rust', 0.01],
]

const TITLES = ['Data Engineer', 'ML Engineer', 'Analyst', 'Nurse']
const PLACES = ['Berlin', 'Hamburg']

async function seed(db: Kysely<Database>, dialect: 'sqlite' | 'postgres') {
  const person = await upsertUser(db, { email: 'walk@example.com' }, CLOCK)
  await addQueries(
    db,
    person.id,
    [
      { title: 'Data Engineer', location: 'Berlin' },
      { title: 'Data Engineer', location: 'Hamburg' },
      { title: 'ML Engineer', location: 'Berlin' },
      { title: 'Analyst', location: 'Berlin' },
    ],
    CLOCK,
  )
  // Someone else's combinations: their jobs are not this person's, unless a shared row found them too.
  const other = await upsertUser(db, { email: 'other@example.com' }, CLOCK)
  await addQueries(
    db,
    other.id,
    [
      { title: 'Nurse', location: 'Berlin' },
      { title: 'Data Engineer', location: 'Hamburg' },
    ],
    CLOCK,
  )
  const next = random(19)
  const items = Array.from({ length: 360 }, (_, i) => {
    const title = TITLES[Math.floor(next() * TITLES.length)]!
    const place = PLACES[Math.floor(next() * PLACES.length)]!
    const words = VOCABULARY.filter(([, share]) => next() < share).map(([w]) => w)
    if (words.includes('data') && words.includes('pipelines') && next() < 0.5) words.push('data pipelines')
    // A day's granularity: many jobs share their posting time, so the tie-break (the id) matters.
    const day = 1 + Math.floor(next() * 18)
    return {
      job: makeJob({
        sourceJobId: `w${i}`,
        title: next() < 0.1 ? `Senior ${title}` : title,
        company: `Company ${i % 37}`,
        city: place,
        location: place,
        description: `We look for ${words.join(' ')} people.`,
        applyUrl: `https://jobs.example.org/walk/${i}`,
        postedAt: new Date(Date.UTC(2026, 10, day)).toISOString(),
      }),
      matches: [combinationKey(title, place), ...(next() < 0.2 ? [combinationKey('Analyst', 'Berlin')] : [])],
    }
  })
  for (let i = 0; i < items.length; i += 100) await upsertJobs(db, items.slice(i, i + 100), CLOCK)
  const ids = (await db.selectFrom('jobs').select('id').orderBy('id').execute()).map((r) => r.id)
  const states: JobState[] = ['saved', 'hidden', 'applied', 'seen']
  for (let i = 0; i < ids.length; i += 7) await setJobState(db, person.id, ids[i]!, states[i % 4]!, CLOCK)
  await db
    .updateTable('jobs')
    .set({ closed_at: '2026-11-19T00:00:00.000Z', closed_reason: 'expired' })
    .where(sql<boolean>`id % 11 = 0`)
    .execute()
  await ensureFits(db, person.id, CLOCK)
  // Statistics, as a database in use has them: PostgreSQL plans its searches by them.
  if (dialect === 'postgres') await sql`analyze jobs`.execute(db)
  else await sql`analyze`.execute(db)
  return person.id
}

const SEARCHES = [
  'data',
  'python',
  'kubernetes',
  'airflow spark',
  '"data pipelines"',
  'python -senior',
  'pyth',
  'senior',
  'kafka -berlin',
  'rust',
  'nothingmatches',
]

const VARIANTS: Array<Partial<FeedQuery>> = [
  {},
  { offset: 30 },
  { sort: 'oldest' },
  { sort: 'fit' },
  { closed: 'show' },
  { closed: 'only' },
  { states: ['saved', 'applied'] },
  { title: 'engineer', offset: 5 },
]

/** Records whether a query walked `job_fit` newest first (the fit walk) rather than by score. */
function walkRecorder() {
  const seen = { walks: 0 }
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      const text = JSON.stringify(args.node)
      const orderBy = JSON.stringify((args.node as { orderBy?: unknown }).orderBy ?? null)
      if (text.includes('"name":"job_fit"') && orderBy.includes('"sort_at"') && !orderBy.includes('"score"'))
        seen.walks++
      return args.node
    },
    async transformResult(args) {
      return args.result
    },
  }
  return { seen, plugin }
}

describeEachDialect('the feed through fresh fit scores', (t) => {
  it('lists the same jobs in the same order as the plain plan, for every search and filter', async () => {
    const { db } = await t.fresh()
    const userId = await seed(db, t.dialect)
    const { seen, plugin } = walkRecorder()
    const recorded = db.withPlugin(plugin)
    const compare = async () => {
      for (const text of SEARCHES)
        for (const variant of VARIANTS) {
          const query: FeedQuery = { userId, limit: 25, text, ...variant }
          const plain = (await listFeed(db, query)).map((j) => j.id)
          const walked = (await listFeed(recorded, { ...query, fitsFresh: true })).map((j) => j.id)
          expect(walked, `${text} ${JSON.stringify(variant)}`).toEqual(plain)
        }
    }
    await compare()
    // PostgreSQL takes the walk for the common words; SQLite keeps its own plan.
    if (t.dialect === 'postgres') expect(seen.walks).toBeGreaterThan(0)
    else expect(seen.walks).toBe(0)

    // A paused row hides its jobs; job_fit still holds them, so each walked job is asked about it too.
    const rows = await listQueries(db, userId)
    const paused = rows.find((r) => r.title_keyword === 'ML Engineer')!
    await updateQuery(db, paused.id, { isActive: false }, CLOCK)
    await compare()
  })

  it('migration 18 indexes job_fit newest first, and PostgreSQL keeps new search vectors in their row', async () => {
    const { db } = await t.fresh()
    if (t.dialect === 'postgres') {
      const { rows } = await sql<{ storage: string }>`select attstorage as storage from pg_attribute
        where attrelid = to_regclass('jobs') and attname = 'search_vector'`.execute(db)
      expect(rows[0]?.storage).toBe('m')
      const index = await sql<{ def: string }>`select indexdef as def from pg_indexes
        where schemaname = current_schema() and indexname = 'job_fit_newest_idx'`.execute(db)
      expect(index.rows[0]?.def).toMatch(/\(user_id, sort_at, job_id\)/)
    } else {
      const { rows } = await sql<{
        name: string
      }>`select name from pragma_index_info('job_fit_newest_idx')`.execute(db)
      expect(rows.map((r) => r.name)).toEqual(['user_id', 'sort_at', 'job_id'])
    }
  })
})
