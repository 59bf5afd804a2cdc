import { type CompiledQuery, type ExpressionBuilder, type Kysely, type RawBuilder, sql } from 'kysely'
import { dialectOf } from '../db/dialect'
import {
  APPLICATION_STATES,
  type Database,
  JOB_STATES,
  type JobRow,
  type JobState,
  type SourceId,
  type WorkArrangement,
} from '../db/schema'
import { type ParsedSearch, parseSearch, phrasePairsTsquery, toFts5, tsqueryOf } from '../search/query'
import { JOB_COLUMNS } from './jobs-repo'
import { foundForPerson } from './person-jobs'

export interface FeedQuery {
  userId: number
  /** Matched case-insensitively against title, company and location. */
  text?: string
  /** Which states to show; default every state but `hidden`. */
  states?: readonly JobState[]
  limit: number
  offset?: number
  /** Substring of the title / the location, case-insensitive. */
  title?: string
  location?: string
  arrangements?: readonly WorkArrangement[]
  source?: SourceId
  /** Only jobs posted (or, without a posting date, first seen) at or after this time. */
  since?: string
  salaryKnown?: boolean
  /** At least this year's pay (fit/salary.ts converts periods); see `salaryCondition`. */
  minSalary?: SalaryFilter
  /** Only this company (its canonical key: canonicalCompany). */
  companyKey?: string
  /** Only jobs at companies the person watches. */
  watchedOnly?: boolean
  /** newest/oldest: by posting date; fit: the person's stored fit score, newest first among equals. */
  sort?: 'newest' | 'oldest' | 'fit'
  /** Jobs whose title or company contains one of these never show (the person's blocklist). */
  blockTitles?: readonly string[]
  blockCompanies?: readonly string[]
  /** Read each job's description too (an export); a page of the feed shows none, and leaves them. */
  withDescription?: boolean
  /**
   * Jobs that have closed — a source listed them expired, or none has shown them since `unseenBefore` —
   * are left out (`hide`, the default) unless saved or applied to; `show` keeps them, `only` lists them.
   */
  closed?: 'hide' | 'show' | 'only'
  /** A job last seen before this time is probably closed; default: none is. */
  unseenBefore?: string
  /**
   * The person's fit scores are up to date (the caller has just run ensureFits), so `job_fit` holds every
   * job of their plan: on PostgreSQL a search of a common word then walks their own jobs newest first
   * (`walkFits` in newestFirst) instead of every job in the database.
   */
  fitsFresh?: boolean
}

export interface SalaryFilter {
  /** A year's pay. */
  yearly: number
  /** ISO 4217: salaries in this currency are compared. */
  currency: string
  /**
   * Optional rate table (the value of one unit of each currency in any one base): salaries in the
   * currencies it names are converted and compared too. Without it only `currency` is compared.
   */
  rates?: Readonly<Record<string, number>>
  /** Keep jobs whose salary is unknown or cannot be compared (default true). */
  keepUnknown?: boolean
}

export interface FeedJob extends JobRow {
  state: JobState
  /** The person's fit score (0–100) and its reasons; null before it is computed. */
  fit: number | null
  fit_reasons: string | null
  /** 1 when the company is on the person's watchlist. */
  watched: number
}

/**
 * A person's feed: the jobs surfaced by their active combinations, newest first. The query walks the
 * `sort_at` index and stops after one page, so its cost follows the page size, not the table size.
 */
export async function listFeed(db: Kysely<Database>, query: FeedQuery): Promise<FeedJob[]> {
  const states = query.states ?? JOB_STATES.filter((s) => s !== 'hidden')
  const search = parseSearch(query.text)
  const dialect = dialectOf(db)
  // Step 1 picks the page's ids from the feed index (sort_at, id) and the search indexes without touching the
  // wide rows; step 2 reads just those rows. Filtering on the rows themselves made a selective text
  // filter read thousands of 4 KB rows per page on PostgreSQL.
  const contains = (column: 'j.title' | 'j.company' | 'j.location', value: string) =>
    sql<boolean>`lower(${sql.ref(column)}) like ${`%${escapeLike(value.trim().toLowerCase())}%`} escape '\\'`
  /** Every filter but the search: the same on the feed's jobs and on the jobs walked through `job_fit`. */
  const narrow = (base: IdsQuery): IdsQuery => {
    let ids = base
    if (query.title?.trim()) ids = ids.where(contains('j.title', query.title))
    if (query.location?.trim()) ids = ids.where(contains('j.location', query.location))
    for (const blocked of query.blockTitles ?? [])
      ids = ids.where(sql<boolean>`not (${contains('j.title', blocked)})`)
    for (const blocked of query.blockCompanies ?? [])
      ids = ids.where(sql<boolean>`not (coalesce(${contains('j.company', blocked)}, false))`)
    if (query.arrangements?.length) ids = ids.where('j.work_arrangement', 'in', [...query.arrangements])
    if (query.since) ids = ids.where('j.sort_at', '>=', query.since)
    if (query.salaryKnown !== undefined) {
      ids = ids.where((eb) =>
        query.salaryKnown
          ? eb.or([eb('j.salary_min', 'is not', null), eb('j.salary_max', 'is not', null)])
          : eb.and([eb('j.salary_min', 'is', null), eb('j.salary_max', 'is', null)]),
      )
    }
    if (query.minSalary) ids = ids.where(salaryCondition(query.minSalary))
    if (query.companyKey) ids = ids.where('j.company_key', '=', query.companyKey)
    if (query.watchedOnly) {
      ids = ids.where((eb) =>
        eb.exists(
          eb
            .selectFrom('watched_companies as w')
            .select(sql`1`.as('one'))
            .whereRef('w.company_key', '=', 'j.company_key')
            .where('w.user_id', '=', query.userId),
        ),
      )
    }
    if (query.source) {
      const source = query.source
      ids = ids.where((eb) =>
        eb.exists(
          eb
            .selectFrom('job_postings as p')
            .select(sql`1`.as('one'))
            .whereRef('p.job_id', '=', 'j.id')
            .where('p.source', '=', source),
        ),
      )
    }
    if (states.length < JOB_STATES.length) {
      const includesNew = states.includes('new')
      ids = ids.where((eb) =>
        includesNew
          ? eb.or([eb('s.state', 'is', null), eb('s.state', 'in', states)])
          : eb('s.state', 'in', states),
      )
    }
    if ((query.closed ?? 'hide') !== 'show') {
      const closed = closedCondition(query.unseenBefore)
      ids = ids.where(
        query.closed === 'only'
          ? closed
          : sql<boolean>`(not ${closed} or coalesce(s.state in (${sql.join(KEPT_WHEN_CLOSED)}), false))`,
      )
    }
    return ids
  }
  // With fresh fit scores PostgreSQL asks `job_fit` whether a job is the person's (one index probe) instead
  // of their combinations (a join per job, about 14 µs each at 200,000 jobs, or the whole feed listed first).
  const fits = dialect === 'postgres' && query.fitsFresh ? fitMembers(db, query.userId) : undefined
  const ids = narrow(
    fits
      ? fits.where((eb) =>
          eb.exists(
            eb
              .selectFrom('job_fit as member')
              .select(sql`1`.as('one'))
              .where('member.user_id', '=', query.userId)
              .whereRef('member.job_id', '=', 'j.id')
              // Fenced: asked job by job. As a join, stale statistics of job_fit (right after a rescore)
              // made PostgreSQL drive a phrase's page from all 50,000 of the person's jobs (1.3 s).
              .offset(0),
          ),
        )
      : feedIds(db, query.userId),
  )
  const offset = query.offset ?? 0
  let pageIds: number[]
  if (query.sort === 'fit') {
    // Best fit first, newest first among equals: one walk down job_fit's (user, score, sort_at, job) index.
    // A search keeps the jobs it matches anywhere (title first does not apply: the score ranks).
    const match = search.include.length > 0 ? await searchMatch(db, search, 'any') : undefined
    const common = match?.common ?? false
    const matching = match ? ids.where(feedFirst(query.userId, match, dialect)) : ids
    const filtered = matching.$call((q) => withoutExcluded(q, search, dialect, 'any'))
    // A filter that keeps few jobs (a rare word, one company, the watchlist) is answered by reading those
    // jobs and sorting them; otherwise the walk down job_fit's index stops after the page.
    const selective =
      (search.include.length > 0 && !common) || query.watchedOnly === true || query.companyKey !== undefined
    if (dialect === 'postgres' && !selective) {
      // PostgreSQL misjudges how many of a person's jobs pass the filters and would join them all and
      // sort; walking the index with the filters as a fenced (OFFSET 0) check per job stops after the page,
      // also before job_fit has statistics.
      const walk = db
        .selectFrom('job_fit as f')
        .select('f.job_id as id')
        .where('f.user_id', '=', query.userId)
        .where((eb) => eb.exists(filtered.where(sql<boolean>`j.id = f.job_id`).offset(0)))
        .orderBy('f.score', 'desc')
        .orderBy('f.sort_at', 'desc')
        .orderBy('f.job_id', 'desc')
        .limit(query.limit)
        .offset(offset)
      pageIds = await runPage(db, walk.compile(), 'walk')
    } else {
      const joined = filtered
        .innerJoin('job_fit as f', (join) =>
          join.onRef('f.job_id', '=', 'j.id').on('f.user_id', '=', query.userId),
        )
        .orderBy('f.score', 'desc')
        .orderBy('f.sort_at', 'desc')
        .orderBy('f.job_id', 'desc')
        .limit(query.limit)
        .offset(offset)
      pageIds = await runPage(db, joined.compile(), match && !common ? match.plan : undefined)
    }
  } else {
    pageIds = await newestFirst(ids, search, dialect, query, offset, db, fits && narrow(fits))
  }
  if (pageIds.length === 0) return []
  const rows = await db
    .selectFrom('jobs as j')
    .leftJoin('user_job_state as s', (join) =>
      join.onRef('s.job_id', '=', 'j.id').on('s.user_id', '=', query.userId),
    )
    .leftJoin('job_fit as f', (join) =>
      join.onRef('f.job_id', '=', 'j.id').on('f.user_id', '=', query.userId),
    )
    .leftJoin('watched_companies as w', (join) =>
      join.onRef('w.company_key', '=', 'j.company_key').on('w.user_id', '=', query.userId),
    )
    .select(query.withDescription ? FEED_COLUMNS : LIST_COLUMNS)
    .select(CLOSED_COLUMNS)
    .$if(!query.withDescription, (q) => q.select(sql<string | null>`null`.as('description')))
    .select((eb) => [
      eb.fn.coalesce('s.state', sql<JobState>`'new'`).as('state'),
      'f.score as fit',
      'f.reasons_json as fit_reasons',
      sql<number>`case when w.company_key is null then 0 else 1 end`.as('watched'),
    ])
    .where('j.id', 'in', pageIds)
    .execute()
  const position = new Map(pageIds.map((id, i) => [id, i]))
  rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
  return rows as FeedJob[]
}

/** A person keeps seeing a closed job they saved or applied to (with its badge). */
const KEPT_WHEN_CLOSED: readonly JobState[] = ['saved', ...APPLICATION_STATES]

/** The job has closed: a source listed it expired, or it was last seen before `unseenBefore`. */
export function closedCondition(unseenBefore: string | undefined): RawBuilder<boolean> {
  return unseenBefore
    ? sql<boolean>`(j.closed_at is not null or j.last_seen_at < ${unseenBefore})`
    : sql<boolean>`(j.closed_at is not null)`
}

/**
 * The ids of the jobs surfaced by a person's active combinations, with their state joined; `inFeed` false
 * leaves out the feed's condition (a fit walk's jobs are the person's already).
 */
function feedIds(db: Kysely<Database>, userId: number, inFeed = true) {
  return db
    .selectFrom('jobs as j')
    .leftJoin('user_job_state as s', (join) =>
      join.onRef('s.job_id', '=', 'j.id').on('s.user_id', '=', userId),
    )
    .select('j.id')
    .$if(inFeed, (q) => q.where((eb) => foundForPerson(eb, userId, true)))
}

type IdsQuery = ReturnType<typeof feedIds>

/** The ids of a page, newest (or oldest) first; a search ranks title matches above description matches. */
async function newestFirst(
  ids: IdsQuery,
  search: ParsedSearch,
  dialect: 'sqlite' | 'postgres',
  query: FeedQuery,
  offset: number,
  db: Kysely<Database>,
  fitWalk?: IdsQuery,
): Promise<number[]> {
  const direction = query.sort === 'oldest' ? 'asc' : 'desc'
  const ordered = (q: IdsQuery) => q.orderBy('j.sort_at', direction).orderBy('j.id', direction)
  if (search.include.length === 0) {
    return ids
      .$call((q) => withoutExcluded(q, search, dialect, 'any'))
      .$call(ordered)
      .limit(query.limit)
      .offset(offset)
      .execute()
      .then((r) => r.map((x) => x.id))
  }
  // A walk through the person's own scored jobs, each checked (fenced by OFFSET 0, so the check runs job by
  // job and stops with the page) against the filters and the match.
  const walkFits = (checks: (base: IdsQuery) => IdsQuery, limit: number, skip: number) => {
    const checked = checks(fitWalk!)
    return db
      .selectFrom('job_fit as f')
      .select('f.job_id as id')
      .where('f.user_id', '=', query.userId)
      .where((eb) => eb.exists(checked.where(sql<boolean>`j.id = f.job_id`).offset(0)))
      .orderBy('f.sort_at', direction)
      .orderBy('f.job_id', direction)
      .limit(limit)
      .offset(skip)
      .compile()
  }
  // Ranked in two tiers, each newest first: jobs whose title, company or place holds every word, then the
  // jobs that match only with their description. A tier whose matches are many walks the `sort_at` index
  // and stops after the page; a tier whose matches are few is read from the index and sorted.
  const head = await searchMatch(db, search, 'head')
  const headChecks = (q: IdsQuery) =>
    q.where(head.where).$call((c) => withoutExcluded(c, search, dialect, 'head'))
  const first = head.none
    ? []
    : await runPage(
        db,
        head.common && fitWalk
          ? walkFits(headChecks, offset + query.limit, 0)
          : ids
              .$call(headChecks)
              .$call(ordered)
              .limit(offset + query.limit)
              .compile(),
        head.plan,
      )
  const pageIds = first.slice(offset)
  if (first.length < offset + query.limit) {
    // `first` holds every head match (fewer than the page asked for): the rest are the other matches.
    const match = await searchMatch(db, search, 'any')
    const { common } = match
    const restChecks = (q: IdsQuery, inFeed: boolean) =>
      q
        .where(inFeed ? feedFirst(query.userId, match, dialect) : match.where)
        .$if(first.length > 0, (c) => c.where('j.id', 'not in', first))
        .$call((c) => withoutExcluded(c, search, dialect, 'any'))
    const limit = query.limit - pageIds.length
    const skip = Math.max(0, offset - first.length)
    const rest =
      common && fitWalk
        ? walkFits((q) => restChecks(q, false), limit, skip)
        : restChecks(ids, true).$call(ordered).limit(limit).offset(skip).compile()
    if (!match.none) pageIds.push(...(await runPage(db, rest, match.plan)))
  }
  return pageIds
}

/**
 * A person's jobs as `job_fit` holds them once their scores are fresh: the jobs of every row of their plan,
 * paused rows too. When some row is paused (asked once per query), each job is also asked whether an
 * active row found it (fenced, so PostgreSQL asks job by job instead of listing the whole feed first).
 */
function fitMembers(db: Kysely<Database>, userId: number): IdsQuery {
  return feedIds(db, userId, false).where((eb) =>
    eb.or([
      eb.not(
        eb.exists(
          eb
            .selectFrom('user_search_queries as paused')
            .select(sql`1`.as('one'))
            .where('paused.user_id', '=', userId)
            .where('paused.is_active', '=', 0),
        ),
      ),
      foundForPerson(eb, userId, true, { fenced: true }),
    ]),
  )
}

/**
 * Runs a page's query, on PostgreSQL with the plan it needs. PostgreSQL cannot know how many of a search's
 * matches are in the person's feed, and guesses 2% for any word: it sorted all 50,000 matches of a common
 * word (117 ms, against 3 ms walking the `sort_at` index and checking each job), and walked the whole index
 * for a word no job has in its title (45 ms, against 0.1 ms reading the word's few jobs from the GIN index).
 * `walk` asks for the first, `drive` for the second, in the query's own transaction; SQLite gets its plan
 * from the query's shape (`+j.id`).
 */
async function runPage(
  db: Kysely<Database>,
  query: CompiledQuery<{ id: number }>,
  plan: 'walk' | 'drive' | undefined,
): Promise<number[]> {
  if (!plan || dialectOf(db) !== 'postgres') return (await db.executeQuery(query)).rows.map((r) => r.id)
  // One round trip opens the transaction and sets its plan (a text without parameters may hold several
  // statements); the settings end with it.
  const settings =
    plan === 'walk'
      ? 'begin; set local enable_bitmapscan = off; set local enable_sort = off'
      : 'begin; set local enable_indexscan = off'
  return db.connection().execute(async (conn) => {
    await sql.raw(settings).execute(conn)
    try {
      return (await conn.executeQuery(query)).rows.map((r) => r.id)
    } finally {
      await sql.raw('commit').execute(conn)
    }
  })
}

/**
 * Salaries of at least the minimum: in its currency, or converted by the rate table where it names both
 * currencies. A job whose salary is unknown, or in a currency that cannot be compared, is kept unless
 * `keepUnknown` is false.
 */
function salaryCondition(filter: SalaryFilter) {
  const base = filter.currency.toUpperCase()
  const thresholds = new Map<string, number>([[base, filter.yearly]])
  const baseRate = filter.rates?.[base]
  if (baseRate && baseRate > 0)
    for (const [currency, rate] of Object.entries(filter.rates ?? {}))
      if (rate > 0 && currency.toUpperCase() !== base)
        thresholds.set(currency.toUpperCase(), (filter.yearly * baseRate) / rate)
  const yearly = sql`coalesce(j.salary_year_max, j.salary_year_min)`
  const currencies = [...thresholds.keys()]
  const comparable = sql<boolean>`(${yearly} is not null and j.salary_currency in (${sql.join(currencies)}))`
  const passes = sql.join(
    [...thresholds].map(([currency, min]) => sql`(j.salary_currency = ${currency} and ${yearly} >= ${min})`),
    sql` or `,
  )
  return filter.keepUnknown === false
    ? sql<boolean>`(${passes})`
    : sql<boolean>`((${passes}) or not coalesce(${comparable}, false))`
}

/** Every column of a job but the PostgreSQL search vectors (the indexes' words, not for reading). */
const FEED_COLUMNS = (['id', ...JOB_COLUMNS] as const).map((c) => `j.${c}` as const)
/** The same without the description (2–6 KB a job, which a page of the feed never shows). */
const LIST_COLUMNS = FEED_COLUMNS.filter((c) => c !== 'j.description')
/** Whether and why a job closed, beside its columns. */
const CLOSED_COLUMNS = ['j.closed_at', 'j.closed_reason'] as const

/**
 * A search's match in one part of the job: its condition, whether it is common, and the plan its page
 * needs on PostgreSQL (runPage); none when the match is a list of ids.
 */
interface SearchMatch {
  where: RawBuilder<boolean>
  common: boolean
  plan?: 'walk' | 'drive'
  /** Known to match no job: its page needs no query. */
  none?: boolean
}

/** Where a tier looks: the title, company and place, or anywhere (the description too). */
type SearchPart = 'head' | 'any'

/**
 * The full-text match of every included term (search/query.ts has the syntax) in one part of the job, on
 * either dialect, and whether it is common: a common match is checked job by job on the walk down the
 * `sort_at` index, which stops after the page; a rare one drives the query (its few jobs are read and
 * sorted). SQLite asks its FTS table for up to `COMMON_MATCHES` ids once: fewer, and those ids are the
 * match; as many, and the match is a set the walk checks each job against (`+j.id` keeps SQLite from
 * driving from it, which would sort every match). PostgreSQL estimates the share from its statistics
 * (pgShareOfJobs) and runPage sets the plan.
 */
async function searchMatch(
  db: Kysely<Database>,
  search: ParsedSearch,
  part: SearchPart,
): Promise<SearchMatch> {
  if (dialectOf(db) === 'postgres') {
    const where = pgMatch(search, part)
    const { share, rows } = await pgShareOfJobs(db, search, part)
    if (share !== undefined)
      return share >= COMMON_SHARE
        ? { where, common: true, plan: 'walk' }
        : { where, common: false, plan: 'drive' }
    // The statistics cannot tell: the matches are read up to the number that makes a search common. Fewer,
    // and those ids are the match, so the page does not look them up in the index again.
    const cap = Math.ceil(COMMON_SHARE * rows)
    const found = await sql<{ id: number }>`select j.id from jobs j where ${where} limit ${cap}`.execute(db)
    if (found.rows.length >= cap) return { where, common: true, plan: 'walk' }
    if (found.rows.length === 0) return { where: sql<boolean>`false`, common: false, none: true }
    const matched = found.rows.map((r) => Number(r.id))
    // A list of ids needs no plan: PostgreSQL knows how many they are.
    return { where: sql<boolean>`j.id = any(${matched}::integer[])`, common: false }
  }
  const expression = fts5In(search, part)
  const { rows } = await sql<{
    id: number
  }>`select rowid as id from jobs_fts where jobs_fts match ${expression}
    limit ${COMMON_MATCHES}`.execute(db)
  if (rows.length >= COMMON_MATCHES)
    return {
      where: sql<boolean>`+j.id in (select rowid from jobs_fts where jobs_fts match ${expression})`,
      common: true,
      plan: 'walk',
    }
  if (rows.length === 0) return { where: sql<boolean>`0 = 1`, common: false, none: true }
  return { where: sql<boolean>`j.id in (${sql.join(rows.map((r) => r.id))})`, common: false }
}

/**
 * The included terms matched on PostgreSQL, in the head's words or the whole job's; a phrase anywhere is
 * also looked up by its pairs of words (`pair_vector`, migration 12), which the GIN index reads instead of
 * every job holding both words.
 */
function pgMatch(search: ParsedSearch, part: SearchPart): RawBuilder<boolean> {
  if (part === 'head')
    return sql<boolean>`j.head_vector @@ to_tsquery('simple', ${tsqueryOf(search.include, '&')})`
  const included = tsqueryOf(search.include, '&')
  // The exclusions in the same tsquery (`python & !senior`): one read of the vector, not two (20 → 16 ms).
  const words = sql`to_tsquery('simple', ${
    search.exclude.length > 0 ? `(${included}) & !(${tsqueryOf(search.exclude, '|')})` : included
  })`
  const pairs = phrasePairsTsquery(search.include)
  // With pairs, the words' check is kept out of the index (coalesce): ANDing the words' bitmap with the
  // pairs' read every job holding `data` for nothing; the pairs' few jobs are checked one by one.
  return pairs
    ? sql<boolean>`(j.pair_vector @@ ${pairs}::tsquery and coalesce(j.search_vector @@ ${words}, false))`
    : sql<boolean>`j.search_vector @@ ${words}`
}

/** The FTS5 expression of the included terms in one part (`head : (…)` is FTS5's column filter). */
function fts5In(search: ParsedSearch, part: SearchPart): string {
  const all = toFts5(search.include)
  const included = part === 'head' ? `head : (${all})` : `(${all})`
  // Exclusions inside the same expression: FTS5 merges the word lists, instead of SQLite building the list
  // of every job holding a common excluded word (`python -senior` took 33 ms at 200,000 jobs that way).
  return search.exclude.length > 0 ? `${included} NOT (${toFts5(search.exclude, 'OR')})` : included
}

/** More matches than a walk needs to find a page quickly (SQLite; reading this many ids costs little). */
const COMMON_MATCHES = 1000

/** On PostgreSQL, a search matching at least this share of the jobs is walked (see runPage). */
const COMMON_SHARE = 0.02

type VectorColumn = 'search_vector' | 'head_vector' | 'pair_vector'

interface LexemeStats {
  /** The share of jobs holding each of a vector's most common lexemes (ANALYZE's statistics). */
  share: Map<string, number>
  /** The smallest share listed: a lexeme the list leaves out is held by fewer jobs than about this. */
  floor: number
  /** How many jobs the statistics were taken of. */
  rows: number
  readAt: number
}
const lexemeStats = new WeakMap<Kysely<Database>, Map<VectorColumn, LexemeStats>>()
const STATS_TTL_MS = 5 * 60_000

/** A vector's statistics, read at most every five minutes. */
async function vectorStats(db: Kysely<Database>, column: VectorColumn): Promise<LexemeStats> {
  const byColumn = lexemeStats.get(db) ?? new Map<VectorColumn, LexemeStats>()
  lexemeStats.set(db, byColumn)
  const cached = byColumn.get(column)
  if (cached && Date.now() - cached.readAt <= STATS_TTL_MS) return cached
  const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null; tuples: number | null }>`
    select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs,
      (select reltuples from pg_class where oid = to_regclass('jobs')) as tuples
    from pg_stats where schemaname = current_schema() and tablename = 'jobs' and attname = ${column}`.execute(
    db,
  )
  const elems = rows[0]?.elems ?? []
  const freqs = (rows[0]?.freqs ?? []).map(Number)
  // The lexemes' shares; after them come the smallest, the largest and the share of rows without any.
  const listed = freqs.slice(0, elems.length)
  const stats = {
    share: new Map(elems.map((e, i) => [e, listed[i] ?? 0])),
    floor: listed.length > 0 ? Math.min(...listed) : 1,
    rows: Number(rows[0]?.tuples ?? 0),
    readAt: Date.now(),
  }
  byColumn.set(column, stats)
  return stats
}

/**
 * An estimate of the share of jobs a search matches, from PostgreSQL's statistics of the search vectors
 * (no scan of the index): per term, its words' shares (a prefix adds up the words it begins) and, for a
 * phrase, its pairs' shares; the terms together, the smallest; exclusions take their share away. A word the
 * statistics leave out is counted as rare when the rarest word they list is rare already (ANALYZE keeps
 * the most common ones). `share` is left out where the statistics cannot tell: a word left out of a list
 * of only common words, or terms common alone but perhaps rare together. 0 before the table has statistics.
 */
async function pgShareOfJobs(
  db: Kysely<Database>,
  search: ParsedSearch,
  part: SearchPart,
): Promise<{ share: number | undefined; rows: number }> {
  const words = await vectorStats(db, part === 'head' ? 'head_vector' : 'search_vector')
  const { rows } = words
  if (words.share.size === 0 || rows <= 0) return { share: 0, rows }
  const pairs = part === 'any' ? await vectorStats(db, 'pair_vector') : undefined
  const lexemeShare = (of: LexemeStats, lexeme: string, prefix: boolean): number | undefined => {
    if (!prefix) return of.share.get(lexeme) ?? (of.floor < COMMON_SHARE ? of.floor : undefined)
    // A prefix's words the list leaves out may add up to any share: only listed ones are summed.
    let sum = 0
    for (const [known, s] of of.share) if (known.startsWith(lexeme)) sum += s
    return sum > 0 ? Math.min(1, sum) : undefined
  }
  const termShare = (t: ParsedSearch['include'][number]): number | undefined => {
    let sum = 0
    for (const alternative of t.alternatives) {
      const shares = alternative.map((w, i) =>
        lexemeShare(words, w, t.prefix && i === alternative.length - 1),
      )
      // A phrase is as rare as its rarest pair of words (pgMatch looks its pairs up).
      if (pairs && t.alternatives.length === 1)
        for (let i = 0; i + 1 < alternative.length; i++)
          shares.push(
            lexemeShare(
              pairs,
              `${alternative[i]}_${alternative[i + 1]}`,
              t.prefix && i + 2 === alternative.length,
            ),
          )
      const known = shares.filter((x): x is number => x !== undefined)
      // Its rarest part known to be rare is enough to call the term rare.
      if (known.some((x) => x < COMMON_SHARE)) {
        sum += Math.min(...known)
        continue
      }
      if (known.length < shares.length) return undefined
      sum += Math.min(...known)
    }
    return Math.min(1, sum)
  }
  const known = search.include.map(termShare).filter((x): x is number => x !== undefined)
  let kept = 1
  for (const t of search.exclude) kept *= 1 - (termShare(t) ?? 0)
  // All the terms together are at most as common as the rarest; as common as their product if they were
  // independent. Between the two (`airflow spark`: each common, together rare) only a count tells.
  const estimate = (known.length > 0 ? Math.min(...known) : 1) * kept
  const independent = known.reduce((p, x) => p * x, 1) * kept
  const allKnown = known.length === search.include.length
  if (estimate < COMMON_SHARE || (allKnown && independent >= COMMON_SHARE)) return { share: estimate, rows }
  return { share: undefined, rows }
}

/**
 * A walk's match on PostgreSQL, asked only of the jobs in the person's feed. PostgreSQL checks a scan's
 * filter before the join that answers "is it in the feed?", and the check reads the job's search vector,
 * stored out of line (6 KB a job): `kubernetes` read 3,000 vectors for 50 jobs of a feed that holds a
 * quarter of the jobs. Inside a CASE the cheap question comes first (24 → 15 ms at 50,000 jobs).
 */
function feedFirst(userId: number, match: SearchMatch, dialect: 'sqlite' | 'postgres') {
  return (eb: ExpressionBuilder<Database & { j: Database['jobs'] }, 'j'>) =>
    dialect === 'postgres' && match.common
      ? sql<boolean>`case when ${foundForPerson(eb, userId, true)} then ${match.where} else false end`
      : match.where
}

/** Leaves out the jobs any excluded term matches. */
function withoutExcluded<Q extends { where(e: RawBuilder<boolean>): Q }>(
  q: Q,
  search: ParsedSearch,
  dialect: 'sqlite' | 'postgres',
  part: SearchPart,
): Q {
  if (search.exclude.length === 0) return q
  // A search with words takes its exclusions in its own expression: SQLite's FTS5 one (fts5In), and on
  // PostgreSQL the tsquery of the whole job (pgMatch), so each vector is read once.
  if (search.include.length > 0 && (dialect === 'sqlite' || part === 'any')) return q
  return dialect === 'postgres'
    ? q.where(sql<boolean>`not (j.search_vector @@ to_tsquery('simple', ${tsqueryOf(search.exclude, '|')}))`)
    : q.where(
        sql<boolean>`j.id not in (select rowid from jobs_fts where jobs_fts match ${toFts5(search.exclude, 'OR')})`,
      )
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Every posting that carried a job, oldest first: the detail pane's "seen on". */
export async function jobPostings(db: Kysely<Database>, jobId: number) {
  return db
    .selectFrom('job_postings')
    .select(['source', 'source_job_id', 'url', 'first_seen_at', 'last_seen_at'])
    .where('job_id', '=', jobId)
    .orderBy('first_seen_at')
    .orderBy('id')
    .execute()
}

/** One job with this person's state, fit and watch of it (new when they never set one), or undefined when it is gone. */
export async function jobForPerson(
  db: Kysely<Database>,
  jobId: number,
  userId: number,
): Promise<(Omit<FeedJob, 'state'> & { state: JobState }) | undefined> {
  const row = await db
    .selectFrom('jobs as j')
    .leftJoin('user_job_state as s', (join) =>
      join.onRef('s.job_id', '=', 'j.id').on('s.user_id', '=', userId),
    )
    .leftJoin('job_fit as f', (join) => join.onRef('f.job_id', '=', 'j.id').on('f.user_id', '=', userId))
    .leftJoin('watched_companies as w', (join) =>
      join.onRef('w.company_key', '=', 'j.company_key').on('w.user_id', '=', userId),
    )
    .select(FEED_COLUMNS)
    .select(CLOSED_COLUMNS)
    .select([
      's.state',
      'f.score as fit',
      'f.reasons_json as fit_reasons',
      sql<number>`case when w.company_key is null then 0 else 1 end`.as('watched'),
    ])
    .where('j.id', '=', jobId)
    .executeTakeFirst()
  return row ? ({ ...row, state: row.state ?? 'new' } as FeedJob) : undefined
}

/** True when a job with this id is stored. */
export async function jobExists(db: Kysely<Database>, jobId: number): Promise<boolean> {
  return !!(await db.selectFrom('jobs').select('id').where('id', '=', jobId).executeTakeFirst())
}
