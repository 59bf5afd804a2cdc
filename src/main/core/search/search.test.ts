import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../../migrations'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import { migrateToLatest } from '../db/migrate'
import type { Database } from '../db/schema'
import type { NormalizedJob } from '../jobs/job'
import { combinationKey } from '../normalize/combination-key'
import { listFeed } from '../repos/feed-repo'
import { upsertJobs } from '../repos/jobs-repo'
import { addQueries } from '../repos/queries-repo'
import { upsertUser } from '../repos/users-repo'
import { searchWords } from './fold'
import { parseSearch, phrasePairsTsquery, toFts5, toTsquery } from './query'

const combo = combinationKey('Data Engineer', 'Berlin')

/** Hand-made jobs, each posted a day apart (j1 the oldest). */
const JOBS: Array<Partial<NormalizedJob> & { title: string }> = [
  {
    title: 'Data Engineer',
    company: 'Brauhaus München GmbH',
    location: 'München, Germany',
    description: 'Python, Spark and Airflow on AWS.',
  },
  {
    title: 'Backend Developer',
    company: 'Café Élan',
    location: 'Berlin',
    description: 'JavaScript and Node; no Java.',
  },
  {
    title: 'Analytics Engineer',
    company: 'Straßenbahn AG',
    location: 'Köln',
    description: 'dbt, SQL and a data engineer mindset.',
  },
  {
    title: 'Working Student Data',
    company: 'Uni GmbH',
    location: 'Berlin',
    description: 'Python scripts for a data platform.',
  },
  {
    title: 'Senior Data Engineer',
    company: 'Łódź Labs',
    location: 'Warsaw',
    description: 'Kafka; Pythonic code.',
  },
]

async function seed(db: Kysely<Database>) {
  const clock = testClock('2026-11-20T06:00:00.000Z')
  const user = await upsertUser(db, { email: 'search@example.com' }, clock)
  await addQueries(db, user.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
  const items = JOBS.map((j, i) => ({
    job: makeJob({
      ...j,
      sourceJobId: `s${i + 1}`,
      applyUrl: `https://jobs.example.org/${i + 1}`,
      postedAt: new Date(Date.UTC(2026, 10, 10 + i)).toISOString(),
    }),
    matches: [combo],
  }))
  await upsertJobs(db, items, clock)
  return { userId: user.id, clock }
}

const titles = async (db: Kysely<Database>, userId: number, text: string) =>
  (await listFeed(db, { userId, text, limit: 50 })).map((j) => j.title)

describe('the search syntax', () => {
  it('folds case and accents the same way for the index and the query', () => {
    expect(searchWords('München Straße CAFÉ Łódź Ærø İzmir')).toEqual([
      'munchen',
      'strasse',
      'cafe',
      'lodz',
      'aero',
      'izmir',
    ])
    expect(searchWords('C++/Go, Node.js · 5+ Jahre')).toEqual(['c', 'go', 'node', 'js', '5', 'jahre'])
  })

  it('reads words, phrases, exclusions and prefixes into one query per dialect', () => {
    const parsed = parseSearch('pyth "data engineer" -intern -"working student" sql*')
    expect(toFts5(parsed.include)).toBe('"pyth"* AND "data engineer" AND "sql"*')
    expect(toFts5(parsed.exclude, 'OR')).toBe('"intern"* OR "working student"')
    expect(toTsquery(parsed)).toBe(
      'pyth:* & (data <-> engineer) & sql:* & !intern:* & !(working <-> student)',
    )
    // PostgreSQL also looks a phrase up by its pairs of words (a prefix's pair is a prefix too).
    expect(phrasePairsTsquery(parsed.include)).toBe("'data_engineer'")
    expect(phrasePairsTsquery(parseSearch('spark-and-air* python').include)).toBe("'spark_and' & 'and_air':*")
    expect(phrasePairsTsquery(parseSearch('python').include)).toBeUndefined()
    // Punctuation alone is no word; a hyphenated word is the phrase of its parts.
    expect(parseSearch('# - "" data-engineer').include).toEqual([
      { alternatives: [['data', 'engineer']], prefix: false },
    ])
  })
})

describeEachDialect('full-text search of the feed', (t) => {
  it('finds words anywhere, as prefixes, without accents, in the same order on both dialects', async () => {
    const { db } = await t.fresh()
    const { userId } = await seed(db)
    // Words in the description count; a prefix finds Python and Pythonic.
    expect(await titles(db, userId, 'python')).toEqual([
      'Senior Data Engineer',
      'Working Student Data',
      'Data Engineer',
    ])
    expect(await titles(db, userId, 'airflow spark')).toEqual(['Data Engineer'])
    // Accents and ß never matter, either way round.
    expect(await titles(db, userId, 'munchen')).toEqual(['Data Engineer'])
    expect(await titles(db, userId, 'strasse')).toEqual(['Analytics Engineer'])
    expect(await titles(db, userId, 'café')).toEqual(['Backend Developer'])
    expect(await titles(db, userId, 'cafe')).toEqual(['Backend Developer'])
    expect(await titles(db, userId, 'lodz')).toEqual(['Senior Data Engineer'])
    // A place finds its other spellings.
    expect(await titles(db, userId, 'munich')).toEqual(['Data Engineer'])
    expect(await titles(db, userId, 'cologne')).toEqual(['Analytics Engineer'])
  })

  it('finds the same jobs in the same order once the database has statistics (PostgreSQL then plans by them)', async () => {
    const { db } = await t.fresh()
    const { userId } = await seed(db)
    // With statistics, a word most jobs hold is walked down the sort_at index, a rare one read from the
    // index; both must give what the plain plan gives.
    if (t.dialect === 'postgres') await sql`analyze jobs`.execute(db)
    else await sql`analyze`.execute(db)
    expect(await titles(db, userId, 'python')).toEqual([
      'Senior Data Engineer',
      'Working Student Data',
      'Data Engineer',
    ])
    expect(await titles(db, userId, 'data')).toEqual([
      'Senior Data Engineer',
      'Working Student Data',
      'Data Engineer',
      'Analytics Engineer',
    ])
    expect(await titles(db, userId, 'python -student')).toEqual(['Senior Data Engineer', 'Data Engineer'])
    expect(await titles(db, userId, 'lodz')).toEqual(['Senior Data Engineer'])
  })

  it('takes quoted phrases as whole words, leaves out what is excluded, and ranks title matches first', async () => {
    const { db } = await t.fresh()
    const { userId } = await seed(db)
    // "java" as a whole word: the JavaScript job says "no Java", so it is found by the word, not the prefix.
    expect(await titles(db, userId, '"java"')).toEqual(['Backend Developer'])
    expect(await titles(db, userId, '"javas"')).toEqual([])
    // The phrase in a title ranks above the phrase in a description, however new.
    expect(await titles(db, userId, '"data engineer"')).toEqual([
      'Senior Data Engineer',
      'Data Engineer',
      'Analytics Engineer',
    ])
    expect(await titles(db, userId, 'python -student')).toEqual(['Senior Data Engineer', 'Data Engineer'])
    expect(await titles(db, userId, '-python')).toEqual(['Analytics Engineer', 'Backend Developer'])
    expect(await titles(db, userId, 'data -"working student" -senior')).toEqual([
      'Data Engineer',
      'Analytics Engineer',
    ])
    expect(await titles(db, userId, 'nothing-like-this')).toEqual([])
  })

  it('keeps the index in step when a job gains a description', async () => {
    const { db } = await t.fresh()
    const { userId, clock } = await seed(db)
    const bare = makeJob({
      sourceJobId: 'late',
      title: 'Platform Engineer',
      applyUrl: 'https://jobs.example.org/late',
      description: null,
    })
    await upsertJobs(db, [{ job: bare, matches: [combo] }], clock)
    expect(await titles(db, userId, 'terraform')).toEqual([])
    await upsertJobs(
      db,
      [{ job: { ...bare, description: 'Terraform and Kubernetes.' }, matches: [combo] }],
      clock,
    )
    expect(await titles(db, userId, 'terraform')).toEqual(['Platform Engineer'])
    // A phrase is found by its pairs of words too (PostgreSQL's pair_vector holds them).
    expect(await titles(db, userId, '"terraform and"')).toEqual(['Platform Engineer'])
    expect(await titles(db, userId, 'terraform-and-kube*')).toEqual(['Platform Engineer'])
    expect(await titles(db, userId, '"and terraform"')).toEqual([])
  })

  it('builds the index, phrase pairs included, for jobs stored before the search migrations', async () => {
    const handle = await t.fresh({ migrate: false })
    const before = (name: string) =>
      Object.fromEntries(Object.entries(MIGRATIONS).filter(([migration]) => migration < name))
    await migrateToLatest(handle, before('2026-12-03-10-full-text-search'))
    // Jobs stored the way the release before search stored them (its columns, no index).
    const clock = testClock('2026-11-20T06:00:00.000Z')
    const user = await upsertUser(handle.db, { email: 'search@example.com' }, clock)
    await addQueries(handle.db, user.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
    // biome-ignore lint/suspicious/noExplicitAny: the schema of an earlier release
    const old = handle.db as unknown as Kysely<any>
    for (const [i, j] of JOBS.entries()) {
      const at = new Date(Date.UTC(2026, 10, 10 + i)).toISOString()
      const { id } = await old
        .insertInto('jobs')
        .values({
          title: j.title,
          company: j.company,
          location: j.location,
          description: j.description,
          is_remote: 0,
          search_text: ` ${j.title.toLowerCase()} `,
          posted_at: at,
          first_seen_at: at,
          last_seen_at: at,
          sort_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await old
        .insertInto('job_matches')
        .values({
          job_id: id,
          title_key: combo.titleKey,
          location_key: combo.locationKey,
          source: 'jsearch',
          first_matched_at: at,
        })
        .execute()
    }
    const userId = user.id
    await migrateToLatest(handle, before('2026-12-03-12-phrase-pairs'))
    // Migration 10's index finds the folded word (its vectors have no pairs; migration 12 builds them).
    const found = await sql<{ n: number | string }>`${
      handle.dialect === 'postgres'
        ? sql`select count(*) as n from jobs where search_vector @@ to_tsquery('simple', 'munchen')`
        : sql`select count(*) as n from jobs_fts where jobs_fts match 'munchen'`
    }`.execute(handle.db)
    expect(Number(found.rows[0]!.n)).toBe(1)
    await migrateToLatest(handle)
    expect(await titles(handle.db, userId, 'munchen')).toEqual(['Data Engineer'])
    expect(await titles(handle.db, userId, '"data engineer"')).toEqual([
      'Senior Data Engineer',
      'Data Engineer',
      'Analytics Engineer',
    ])
    expect(await titles(handle.db, userId, 'spark-and-air*')).toEqual(['Data Engineer'])
    if (t.dialect === 'postgres') {
      const { rows } = await sql<{ n: number }>`select count(*)::integer as n from jobs
        where pair_vector @@ ${"'data_engineer'"}::tsquery`.execute(handle.db)
      expect(rows[0]?.n).toBe(3)
    }
    // The head words column no query read is gone, with its place in the feed index.
    const columns = await sql<{ name: string }>`${
      t.dialect === 'postgres'
        ? sql`select column_name as name from information_schema.columns where table_name = 'jobs' and table_schema = current_schema()`
        : sql`select name from pragma_table_info('jobs')`
    }`.execute(handle.db)
    expect(columns.rows.map((c) => c.name)).not.toContain('search_text')
  })
})
