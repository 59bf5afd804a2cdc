import { type Kysely, sql } from 'kysely'
import { dialectOf } from './helpers'

/**
 * Full-text search of every job's title, company, place and description, with the same words on both
 * dialects (`searchWords`): a contentless FTS5 table `jobs_fts(head, body)` (rowid = job id; head = the
 * title, company and place, body = the description) on SQLite; on PostgreSQL `jobs.search_vector` (head and
 * body) and `jobs.head_vector` (head only), each a tsvector with a GIN index. A match in the head ranks
 * first. `jobs.search_text` becomes the head words between spaces (` data engineer example gmbh berlin `).
 * Builds all of it for the jobs already stored; the app keeps it in step when it stores jobs. Can be re-run.
 */
const BATCH = 500

const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
}

/**
 * The words indexed: runs of letters and digits, case and accents folded away, ß æ ø œ ł đ ð þ ı spelled
 * out. Frozen with this migration; the app's `searchWords` (src/main/core/search/fold.ts) gives the same
 * words, which a test checks.
 */
export function searchWords(text: string | null | undefined): string[] {
  if (!text) return []
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæøœłđðþı]/g, (c) => SPELLED_OUT[c]!)
  return folded.match(/[\p{L}\p{N}]+/gu) ?? []
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db)
  if (dialect === 'postgres') {
    await sql`alter table jobs add column if not exists search_vector tsvector`.execute(db)
    await sql`alter table jobs add column if not exists head_vector tsvector`.execute(db)
  } else {
    await sql`create virtual table if not exists jobs_fts using fts5(head, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3')`.execute(
      db,
    )
    await sql`delete from jobs_fts`.execute(db)
  }
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
    const docs = rows.map((r) => {
      const head = searchWords([r.title, r.company, r.location].filter(Boolean).join(' ')).join(' ')
      const body = searchWords(r.description).join(' ')
      return { id: r.id, head, body, doc: body ? `${head} ${body}` : head }
    })
    if (dialect === 'postgres') {
      const values = sql.join(docs.map((d) => sql`(${d.id}::integer, ${d.head}, ${d.doc})`))
      await sql`update jobs set search_text = ' ' || v.head || ' ', search_vector = to_tsvector('simple', v.doc),
        head_vector = to_tsvector('simple', v.head)
        from (values ${values}) as v(id, head, doc) where jobs.id = v.id`.execute(db)
    } else {
      const values = sql.join(docs.map((d) => sql`(${d.id}, ${d.head}, ${d.body})`))
      await sql`insert into jobs_fts (rowid, head, body) values ${values}`.execute(db)
      for (const d of docs)
        await sql`update jobs set search_text = ${` ${d.head} `} where id = ${d.id}`.execute(db)
    }
  }
  if (dialect === 'postgres') {
    await sql`create index if not exists jobs_search_idx on jobs using gin (search_vector)`.execute(db)
    await sql`create index if not exists jobs_head_idx on jobs using gin (head_vector)`.execute(db)
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop index if exists jobs_head_idx`.execute(db)
    await sql`drop index if exists jobs_search_idx`.execute(db)
    await sql`alter table jobs drop column if exists head_vector`.execute(db)
    await sql`alter table jobs drop column if exists search_vector`.execute(db)
  } else {
    await sql`drop table if exists jobs_fts`.execute(db)
  }
}
