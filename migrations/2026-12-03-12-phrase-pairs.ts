import { type Kysely, sql } from 'kysely'
import { searchWords } from './2026-12-03-10-full-text-search'
import { dialectOf } from './helpers'

/**
 * A phrase of common words, found through an index:
 * - on PostgreSQL, `jobs.pair_vector` holds each pair of neighbouring words of the job (title, company,
 *   place, description) as one lexeme, `data_pipelines` (`_` is never part of a word), with a GIN index;
 *   `"data pipelines"` then reads the few jobs that have the pair instead of every job that has both words,
 *   each rechecked for their positions (1.2 s at 200,000 jobs). A column of its own, so a walk that checks
 *   `search_vector` job by job reads no more than before (the pairs are twice the words);
 * - `jobs.search_text` goes, with its place in the feed index (`jobs_feed_idx` is now `sort_at, id`): no
 *   query has read it since the search indexes hold the same words.
 * Builds the pairs of the jobs already stored. Can be re-run.
 */
const BATCH = 500

/**
 * Each pair of neighbouring words once, as `first_second`, space-separated: what `pair_vector` holds
 * (`array_to_tsvector(string_to_array(pairs, ' '))`). Frozen with this migration; the app uses it too
 * (search/fold.ts).
 */
export function wordPairs(words: readonly string[]): string {
  const pairs = new Set<string>()
  for (let i = 0; i + 1 < words.length; i++) pairs.add(`${words[i]}_${words[i + 1]}`)
  return [...pairs].join(' ')
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  if (dialect === 'postgres') {
    await sql`alter table jobs add column if not exists pair_vector tsvector`.execute(db)
    // Writing every row under a GIN index costs many times building the index afresh.
    await sql`drop index if exists jobs_pair_idx`.execute(db)
    let after = 0
    for (;;) {
      const rows: Array<{
        id: number
        title: string
        company: string | null
        location: string | null
        description: string | null
      }> = await db
        .selectFrom('jobs')
        .select(['id', 'title', 'company', 'location', 'description'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute()
      if (rows.length === 0) break
      after = rows.at(-1)!.id
      const values = sql.join(
        rows.map((r) => {
          const words = [
            ...searchWords([r.title, r.company, r.location].filter(Boolean).join(' ')),
            ...searchWords(r.description),
          ]
          return sql`(${r.id}::integer, ${wordPairs(words)})`
        }),
      )
      await sql`update jobs set pair_vector = array_to_tsvector(string_to_array(v.pairs, ' '))
        from (values ${values}) as v(id, pairs) where jobs.id = v.id`.execute(db)
    }
    // A GIN build sorts its entries in this memory (the default 64 MB is slow for a large table).
    await sql`set local maintenance_work_mem = '256MB'`.execute(db)
    await sql`create index if not exists jobs_pair_idx on jobs using gin (pair_vector)`.execute(db)
  }
  const columns = await sql<{ name: string }>`${
    dialect === 'postgres'
      ? sql`select column_name as name from information_schema.columns where table_name = 'jobs' and table_schema = current_schema()`
      : sql`select name from pragma_table_info('jobs')`
  }`.execute(db)
  if (columns.rows.some((c) => c.name === 'search_text')) {
    await sql`drop index if exists jobs_feed_idx`.execute(db)
    await sql`alter table jobs drop column search_text`.execute(db)
  }
  await sql`create index if not exists jobs_feed_idx on jobs (sort_at, id)`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  await sql`drop index if exists jobs_feed_idx`.execute(db)
  await sql`alter table jobs add column search_text text not null default ''`.execute(db)
  let after = 0
  for (;;) {
    const rows: Array<{ id: number; title: string; company: string | null; location: string | null }> =
      await db
        .selectFrom('jobs')
        .select(['id', 'title', 'company', 'location'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute()
    if (rows.length === 0) break
    after = rows.at(-1)!.id
    for (const r of rows) {
      const head = searchWords([r.title, r.company, r.location].filter(Boolean).join(' ')).join(' ')
      await sql`update jobs set search_text = ${` ${head} `} where id = ${r.id}`.execute(db)
    }
  }
  if (dialect === 'postgres') {
    await sql`create index if not exists jobs_feed_idx on jobs (sort_at, id) include (search_text)`.execute(
      db,
    )
    await sql`drop index if exists jobs_pair_idx`.execute(db)
    await sql`alter table jobs drop column if exists pair_vector`.execute(db)
  } else {
    await sql`create index if not exists jobs_feed_idx on jobs (sort_at, id, search_text)`.execute(db)
  }
}
