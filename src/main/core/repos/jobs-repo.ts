import { type Kysely, sql, type Transaction } from 'kysely'
import { comboId } from '../../../shared/domain'
import { type Clock, isoNow } from '../clock'
import { beginJobWrite, dialectOf, insertRows } from '../db/dialect'
import type { Database, NewJobRow, SourceId } from '../db/schema'
import { yearlyAmount } from '../fit/salary'
import type { NormalizedJob, UpsertItem } from '../jobs/job'
import { canonicalCompany, canonicalUrl, dedupeKey } from '../normalize/job-identity'
import { jobSearchText, searchPairs } from '../search/fold'
import { scoreStoredJobs } from './fit-repo'

export interface UpsertOutcome {
  jobId: number
  /** True when no earlier posting, URL or company+title+location matched: a job never seen before. */
  isNew: boolean
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters at 24 columns. */
const INSERT_CHUNK = 200

/**
 * Stores a page of jobs in one transaction. Each job is matched to an existing one by, in order:
 * the same (source, source job id) → the same canonical apply URL → the same canonical
 * company + title + location. A match is merged (last-seen moved on, missing fields filled, the posting
 * kept as provenance); anything else is a new job. Near-duplicates inside the page merge too.
 */
export async function upsertJobs(
  db: Kysely<Database>,
  items: readonly UpsertItem[],
  clock: Clock,
  options: {
    /**
     * Where the search's window began. A job the source gives no date for was posted after it, at the latest
     * when first seen: it sorts at the window's start, so it never sits above genuinely new jobs.
     */
    postedAfter?: string
  } = {},
): Promise<UpsertOutcome[]> {
  if (items.length === 0) return []
  const now = isoNow(clock)
  const undatedAt = options.postedAfter && options.postedAfter < now ? options.postedAfter : now
  return db.transaction().execute(async (trx) => {
    await beginJobWrite(trx)
    const prepared = items.map((item) => ({
      item,
      url: canonicalUrl(item.job.applyUrl),
      key: dedupeKey(item.job),
      postingId: postingKey(item.job.source, item.job.sourceJobId),
    }))
    const known = await findKnownJobs(trx, prepared)

    // Resolve every item to an existing job id or to a slot among the new jobs of this page.
    const newJobs: NormalizedJob[] = []
    const pageIndex = {
      posting: new Map<string, number>(),
      url: new Map<string, number>(),
      key: new Map<string, number>(),
    }
    const resolved = prepared.map((p) => {
      const existing =
        known.byPosting.get(p.postingId) ??
        (p.url && known.byUrl.get(p.url)) ??
        (p.key && known.byKey.get(p.key))
      if (existing) return { existing, slot: -1 }
      let slot = pageIndex.posting.get(p.postingId) ?? (p.url ? pageIndex.url.get(p.url) : undefined)
      slot ??= p.key ? pageIndex.key.get(p.key) : undefined
      if (slot === undefined) {
        slot = newJobs.push(p.item.job) - 1
      } else {
        newJobs[slot] = mergeJob(newJobs[slot]!, p.item.job)
      }
      pageIndex.posting.set(p.postingId, slot)
      if (p.url) pageIndex.url.set(p.url, slot)
      if (p.key) pageIndex.key.set(p.key, slot)
      return { existing: 0, slot }
    })

    const newIds = await insertNewJobs(trx, newJobs, now, undatedAt)
    const outcomes = resolved.map((r) => ({ jobId: r.existing || newIds[r.slot]!, isNew: r.slot >= 0 }))
    // A job new to the database that appears twice in the page is new only the first time.
    const firstSeen = new Set<number>()
    for (const outcome of outcomes) {
      if (!outcome.isNew) continue
      if (firstSeen.has(outcome.jobId)) outcome.isNew = false
      firstSeen.add(outcome.jobId)
    }

    // A URL already carried by another job cannot be given to a job that lacked one.
    const takenUrls = new Set([...known.byUrl.keys(), ...pageIndex.url.keys()])
    await refreshExistingJobs(
      trx,
      resolved.flatMap((r, i) => (r.slot < 0 ? [{ id: r.existing, job: prepared[i]!.item.job }] : [])),
      takenUrls,
      now,
    )
    await writePostings(trx, prepared, outcomes, now)
    await writeMatches(trx, prepared, outcomes, now)
    await scoreStoredJobs(
      trx,
      outcomes.map((o) => o.jobId),
      now,
    )
    return outcomes
  })
}

function postingKey(source: SourceId, sourceJobId: string): string {
  return `${source}\u0000${sourceJobId}`
}

interface KnownJobs {
  byPosting: Map<string, number>
  byUrl: Map<string, number>
  byKey: Map<string, number>
}

async function findKnownJobs(
  trx: Transaction<Database>,
  prepared: ReadonlyArray<{ item: UpsertItem; url: string | null; key: string | null }>,
): Promise<KnownJobs> {
  const bySource = new Map<SourceId, string[]>()
  for (const p of prepared) {
    const ids = bySource.get(p.item.job.source) ?? []
    ids.push(p.item.job.sourceJobId)
    bySource.set(p.item.job.source, ids)
  }
  const byPosting = new Map<string, number>()
  for (const [source, ids] of bySource) {
    const rows = await trx
      .selectFrom('job_postings')
      .select(['source_job_id', 'job_id'])
      .where('source', '=', source)
      .where('source_job_id', 'in', [...new Set(ids)])
      .execute()
    for (const row of rows) byPosting.set(postingKey(source, row.source_job_id), row.job_id)
  }

  const byUrl = await jobIdsBy(
    trx,
    'canonical_url',
    prepared.map((p) => p.url),
  )
  const byKey = await jobIdsBy(
    trx,
    'dedupe_key',
    prepared.map((p) => p.key),
  )
  return { byPosting, byUrl, byKey }
}

/** Job ids by a unique identity column. (No ORDER BY: with one, PostgreSQL walks the primary key instead.) */
async function jobIdsBy(
  trx: Transaction<Database>,
  column: 'canonical_url' | 'dedupe_key',
  values: ReadonlyArray<string | null>,
): Promise<Map<string, number>> {
  const wanted = [...new Set(values.filter((v): v is string => v !== null))]
  const ids = new Map<string, number>()
  if (wanted.length === 0) return ids
  const rows = await trx.selectFrom('jobs').select(['id', column]).where(column, 'in', wanted).execute()
  for (const row of rows) {
    const value = (row as Record<string, unknown>)[column]
    if (typeof value === 'string') ids.set(value, row.id)
  }
  return ids
}

/** Two sightings of one job: the first one's values win, the second fills what the first lacks. */
function mergeJob(a: NormalizedJob, b: NormalizedJob): NormalizedJob {
  return {
    ...a,
    company: a.company ?? b.company,
    location: a.location ?? b.location,
    city: a.city ?? b.city,
    region: a.region ?? b.region,
    country: a.country ?? b.country,
    isRemote: a.isRemote || b.isRemote,
    workArrangement: a.workArrangement ?? b.workArrangement,
    employmentType: a.employmentType ?? b.employmentType,
    employmentTypeText: a.employmentTypeText ?? b.employmentTypeText,
    salaryMin: a.salaryMin ?? b.salaryMin,
    salaryMax: a.salaryMax ?? b.salaryMax,
    salaryCurrency: a.salaryCurrency ?? b.salaryCurrency,
    salaryPeriod: a.salaryPeriod ?? b.salaryPeriod,
    description: longer(a.description, b.description),
    applyUrl: a.applyUrl ?? b.applyUrl,
    postedAt: earliest(a.postedAt, b.postedAt),
    keySkills: a.keySkills?.length ? a.keySkills : b.keySkills,
  }
}

function longer(a: string | null, b: string | null): string | null {
  if (!a) return b
  if (!b) return a
  return b.length > a.length ? b : a
}

function earliest(a: string | null, b: string | null): string | null {
  if (!a) return b
  if (!b) return a
  return a < b ? a : b
}

/**
 * The `jobs` row for a job first seen at `now` (exported for the benchmark's raw-driver baseline); without a
 * posting date it sorts at `undatedAt` (the start of the window it was found in).
 */
export function toRow(job: NormalizedJob, now: string, undatedAt = now): NewJobRow {
  return {
    title: job.title,
    company: job.company,
    location: job.location,
    city: job.city,
    region: job.region,
    country: job.country,
    is_remote: job.isRemote ? 1 : 0,
    work_arrangement: job.workArrangement,
    employment_type: job.employmentType,
    employment_type_text: job.employmentTypeText ?? null,
    salary_min: job.salaryMin,
    salary_max: job.salaryMax,
    salary_currency: job.salaryCurrency,
    salary_period: job.salaryPeriod,
    description: job.description,
    apply_url: job.applyUrl,
    canonical_url: canonicalUrl(job.applyUrl),
    dedupe_key: dedupeKey(job),
    posted_at: job.postedAt,
    first_seen_at: now,
    last_seen_at: now,
    sort_at: job.postedAt ?? undatedAt,
    company_key: canonicalCompany(job.company),
    key_skills: keySkillsJson(job.keySkills),
    salary_year_min: yearlyAmount(job.salaryMin, job.salaryPeriod),
    salary_year_max: yearlyAmount(job.salaryMax, job.salaryPeriod),
  }
}

function keySkillsJson(skills: readonly string[] | null | undefined): string | null {
  return skills?.length ? JSON.stringify(skills) : null
}

/** The columns of a new `jobs` row, in the order the multi-row INSERT writes them. */
export const JOB_COLUMNS = [
  'title',
  'company',
  'location',
  'city',
  'region',
  'country',
  'is_remote',
  'work_arrangement',
  'employment_type',
  'employment_type_text',
  'salary_min',
  'salary_max',
  'salary_currency',
  'salary_period',
  'description',
  'apply_url',
  'canonical_url',
  'dedupe_key',
  'posted_at',
  'first_seen_at',
  'last_seen_at',
  'sort_at',
  'company_key',
  'key_skills',
  'salary_year_min',
  'salary_year_max',
] as const satisfies ReadonlyArray<keyof NewJobRow>

/**
 * PostgreSQL's search vectors, made from their words in the INSERT itself: the whole job's words, the
 * head's words, and the whole job's pairs of neighbouring words (searchPairs, migration 12).
 */
export const SEARCH_VECTORS = {
  search_vector: (p: string) => `to_tsvector('simple', ${p})`,
  head_vector: (p: string) => `to_tsvector('simple', ${p})`,
  pair_vector: (p: string) => `array_to_tsvector(string_to_array(${p}, ' '))`,
}
/** The columns SEARCH_VECTORS makes, in the order their values follow the job's columns. */
export const SEARCH_VECTOR_COLUMNS = ['search_vector', 'head_vector', 'pair_vector'] as const

async function insertNewJobs(
  trx: Transaction<Database>,
  jobs: NormalizedJob[],
  now: string,
  undatedAt: string,
): Promise<number[]> {
  const ids: number[] = []
  const postgres = dialectOf(trx) === 'postgres'
  for (let i = 0; i < jobs.length; i += INSERT_CHUNK) {
    const chunk = jobs.slice(i, i + INSERT_CHUNK)
    const words = chunk.map((job) => jobSearchText(job))
    const rows = chunk.map((job, k) => {
      const row = toRow(job, now, undatedAt)
      const values = JOB_COLUMNS.map((column) => row[column] ?? null)
      // PostgreSQL indexes the words in the same statement; SQLite in its FTS table once the ids are known.
      return postgres ? [...values, words[k]!.doc, words[k]!.head, searchPairs(words[k]!.doc)] : values
    })
    const inserted = postgres
      ? await insertRows<{ id: number }>(
          trx,
          'jobs',
          [...JOB_COLUMNS, ...SEARCH_VECTOR_COLUMNS],
          rows,
          'returning "id"',
          SEARCH_VECTORS,
        )
      : await insertRows<{ id: number }>(trx, 'jobs', JOB_COLUMNS, rows, 'returning "id"')
    // RETURNING order is not guaranteed, but ids are: the identity/rowid is assigned in VALUES order, and
    // the job-write lock keeps other processes' inserts out of this statement.
    const chunkIds = inserted.map((r) => Number(r.id)).sort((a, b) => a - b)
    if (!postgres)
      await insertRows(
        trx,
        'jobs_fts',
        ['rowid', 'head', 'body'],
        chunkIds.map((id, k) => [id, words[k]!.head, words[k]!.body]),
      )
    ids.push(...chunkIds)
  }
  return ids
}

/**
 * Moves last-seen on for jobs seen again, fills fields they lacked, and keeps the earliest posted date.
 * Only columns that change are written, and a job whose row would not change is not written at all:
 * rewriting a row rewrites its multi-kilobyte description too.
 */
async function refreshExistingJobs(
  trx: Transaction<Database>,
  sightings: ReadonlyArray<{ id: number; job: NormalizedJob }>,
  takenUrls: Set<string>,
  now: string,
): Promise<void> {
  if (sightings.length === 0) return
  const merged = new Map<number, NormalizedJob>()
  for (const { id, job } of sightings) {
    const earlier = merged.get(id)
    merged.set(id, earlier ? mergeJob(earlier, job) : job)
  }
  const rows = await trx
    .selectFrom('jobs')
    .select([
      'id',
      'title',
      'company',
      'location',
      'city',
      'region',
      'country',
      'work_arrangement',
      'employment_type',
      'employment_type_text',
      'salary_min',
      'salary_max',
      'salary_currency',
      'salary_period',
      'apply_url',
      'canonical_url',
      'posted_at',
      'first_seen_at',
      'last_seen_at',
      'sort_at',
      'key_skills',
      'company_key',
      'salary_year_min',
      'salary_year_max',
      'closed_at',
    ])
    .select((eb) => eb('description', 'is', null).as('lacks_description'))
    .where('id', 'in', [...merged.keys()])
    .execute()
  const reindex: number[] = []
  for (const row of rows) {
    const seen = merged.get(row.id)!
    const postedAt = earliest(row.posted_at, seen.postedAt)
    const candidate: Partial<NewJobRow> = {
      last_seen_at: now > row.last_seen_at ? now : row.last_seen_at,
      posted_at: postedAt,
      // Still undated: it keeps its place (seeing it again says nothing about when it was posted).
      sort_at: postedAt ?? row.sort_at,
      company: row.company ?? seen.company,
      location: row.location ?? seen.location,
      city: row.city ?? seen.city,
      region: row.region ?? seen.region,
      country: row.country ?? seen.country,
      work_arrangement: row.work_arrangement ?? seen.workArrangement,
      employment_type: row.employment_type ?? seen.employmentType,
      employment_type_text: row.employment_type_text ?? seen.employmentTypeText ?? null,
      salary_min: row.salary_min ?? seen.salaryMin,
      salary_max: row.salary_max ?? seen.salaryMax,
      salary_currency: row.salary_currency ?? seen.salaryCurrency,
      salary_period: row.salary_period ?? seen.salaryPeriod,
      apply_url: row.apply_url ?? seen.applyUrl,
      canonical_url: row.canonical_url ?? freeUrl(canonicalUrl(seen.applyUrl), takenUrls),
      ...(Number(row.lacks_description) && seen.description ? { description: seen.description } : {}),
      key_skills: row.key_skills ?? keySkillsJson(seen.keySkills),
      // A source shows it again: it is open (again).
      ...(row.closed_at ? { closed_at: null, closed_reason: null } : {}),
    }
    candidate.company_key = canonicalCompany(candidate.company)
    candidate.salary_year_min = yearlyAmount(candidate.salary_min ?? null, candidate.salary_period)
    candidate.salary_year_max = yearlyAmount(candidate.salary_max ?? null, candidate.salary_period)
    const current = row as unknown as Record<string, unknown>
    const changes = Object.fromEntries(
      Object.entries(candidate).filter(
        ([column, value]) => column === 'description' || current[column] !== value,
      ),
    )
    if (Object.keys(changes).length === 0) continue
    // A job that gained a company, place or description is searched by those words too.
    const searched = changes.company !== undefined || changes.location !== undefined || changes.description
    await trx.updateTable('jobs').set(changes).where('id', '=', row.id).execute()
    if (searched) reindex.push(row.id)
  }
  await reindexJobs(trx, reindex)
}

/** Writes the search index entries of these jobs again from their rows (both dialects, the same words). */
export async function reindexJobs(trx: Transaction<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  const rows = await trx
    .selectFrom('jobs')
    .select(['id', 'title', 'company', 'location', 'description'])
    .where('id', 'in', [...ids])
    .execute()
  if (dialectOf(trx) === 'postgres') {
    for (const row of rows) {
      const { doc, head } = jobSearchText(row)
      await sql`update jobs set search_vector = to_tsvector('simple', ${doc}),
        head_vector = to_tsvector('simple', ${head}),
        pair_vector = array_to_tsvector(string_to_array(${searchPairs(doc)}, ' ')) where id = ${row.id}`.execute(
        trx,
      )
    }
    return
  }
  await sql`delete from jobs_fts where rowid in (${sql.join(rows.map((r) => r.id))})`.execute(trx)
  await insertRows(
    trx,
    'jobs_fts',
    ['rowid', 'head', 'body'],
    rows.map((r) => {
      const words = jobSearchText(r)
      return [r.id, words.head, words.body]
    }),
  )
}

/** The URL if no other job has it yet, and then it is taken. */
function freeUrl(url: string | null, taken: Set<string>): string | null {
  if (!url || taken.has(url)) return null
  taken.add(url)
  return url
}

/** Every (source, source id) that carried a job is kept, with its latest raw payload. */
async function writePostings(
  trx: Transaction<Database>,
  prepared: ReadonlyArray<{ item: UpsertItem; url: string | null }>,
  outcomes: readonly UpsertOutcome[],
  now: string,
): Promise<void> {
  const rows = new Map<string, Parameters<typeof postingValues>[0]>()
  prepared.forEach((p, i) => {
    rows.set(postingKey(p.item.job.source, p.item.job.sourceJobId), { p, jobId: outcomes[i]!.jobId })
  })
  const values = [...rows.values()].map((r) => postingValues(r, now))
  const columns = [
    'job_id',
    'source',
    'source_job_id',
    'url',
    'canonical_url',
    'raw_json',
    'first_seen_at',
    'last_seen_at',
  ] as const
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    await insertRows(
      trx,
      'job_postings',
      columns,
      values.slice(i, i + INSERT_CHUNK).map((v) => columns.map((c) => v[c])),
      `on conflict ("source", "source_job_id") do update set "last_seen_at" = excluded."last_seen_at",
       "raw_json" = excluded."raw_json", "url" = excluded."url", "canonical_url" = excluded."canonical_url"`,
    )
  }
}

function postingValues(r: { p: { item: UpsertItem; url: string | null }; jobId: number }, now: string) {
  const job = r.p.item.job
  return {
    job_id: r.jobId,
    source: job.source,
    source_job_id: job.sourceJobId,
    url: job.applyUrl,
    canonical_url: r.p.url,
    raw_json: JSON.stringify(job.raw ?? null),
    first_seen_at: now,
    last_seen_at: now,
  }
}

async function writeMatches(
  trx: Transaction<Database>,
  prepared: ReadonlyArray<{ item: UpsertItem }>,
  outcomes: readonly UpsertOutcome[],
  now: string,
): Promise<void> {
  const rows = new Map<
    string,
    { job_id: number; title_key: string; location_key: string; source: SourceId; first_matched_at: string }
  >()
  prepared.forEach((p, i) => {
    const jobId = outcomes[i]!.jobId
    for (const m of p.item.matches) {
      const id = `${jobId}\u0000${comboId(m.titleKey, m.locationKey)}`
      if (!rows.has(id)) {
        rows.set(id, {
          job_id: jobId,
          title_key: m.titleKey,
          location_key: m.locationKey,
          source: p.item.job.source,
          first_matched_at: now,
        })
      }
    }
  })
  const values = [...rows.values()]
  const columns = ['job_id', 'title_key', 'location_key', 'source', 'first_matched_at'] as const
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    await insertRows(
      trx,
      'job_matches',
      columns,
      values.slice(i, i + INSERT_CHUNK).map((v) => columns.map((c) => v[c])),
      'on conflict ("job_id", "title_key", "location_key") do nothing',
    )
  }
}
