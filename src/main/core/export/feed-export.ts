import { stringify } from 'csv-stringify/sync'
import type { Kysely } from 'kysely'
import { SOURCES, type SourceId } from '../../../shared/domain'
import type { Database } from '../db/schema'
import type { FeedJob } from '../repos/feed-repo'
import { fitReasonsOf } from '../repos/fit-repo'

/** One exported job: the columns of the CSV, the fields of the JSON (docs/export.md). */
export interface ExportedJob {
  id: number
  title: string
  company: string | null
  location: string | null
  workArrangement: string | null
  employmentType: string | null
  salaryMin: number | null
  salaryMax: number | null
  salaryCurrency: string | null
  salaryPeriod: string | null
  postedAt: string | null
  firstSeenAt: string
  state: string
  fit: number | null
  fitReasons: string[]
  watched: boolean
  applyUrl: string | null
  /** Every source's link to the job. */
  links: Partial<Record<SourceId, string>>
  /** The description as plain text. */
  description: string | null
}

export const EXPORT_COLUMNS = [
  'id',
  'title',
  'company',
  'location',
  'work_arrangement',
  'employment_type',
  'salary_min',
  'salary_max',
  'salary_currency',
  'salary_period',
  'posted_at',
  'first_seen_at',
  'state',
  'fit',
  'fit_reasons',
  'watched',
  'apply_url',
  ...SOURCES.map((s) => `link_${s}`),
  'description',
] as const

/** The jobs of a feed page with every source's link (one query for all of them). */
export async function exportedJobs(db: Kysely<Database>, rows: readonly FeedJob[]): Promise<ExportedJob[]> {
  const links = new Map<number, Partial<Record<SourceId, string>>>()
  for (let i = 0; i < rows.length; i += 500) {
    const postings = await db
      .selectFrom('job_postings')
      .select(['job_id', 'source', 'url'])
      .where(
        'job_id',
        'in',
        rows.slice(i, i + 500).map((r) => r.id),
      )
      .orderBy('first_seen_at')
      .execute()
    for (const p of postings) {
      if (!p.url) continue
      const entry = links.get(p.job_id) ?? {}
      entry[p.source as SourceId] ??= p.url
      links.set(p.job_id, entry)
    }
  }
  return rows.map((r) => {
    const reasons = fitReasonsOf(r.fit_reasons)
    return {
      id: r.id,
      title: r.title,
      company: r.company,
      location: r.location,
      workArrangement: r.work_arrangement,
      employmentType: r.employment_type,
      salaryMin: r.salary_min,
      salaryMax: r.salary_max,
      salaryCurrency: r.salary_currency,
      salaryPeriod: r.salary_period,
      postedAt: r.posted_at,
      firstSeenAt: r.first_seen_at,
      state: r.state,
      fit: r.fit,
      fitReasons: [...reasons.good, ...reasons.missing.map((m) => `missing: ${m}`)],
      watched: r.watched === 1,
      applyUrl: r.apply_url,
      links: links.get(r.id) ?? {},
      description: plainText(r.description),
    }
  })
}

/**
 * RFC 4180 CSV: a header row, CRLF between records, fields quoted when they hold a comma, quote or line
 * break; UTF-8 with a byte-order mark so spreadsheet apps read the accents (csv-stringify).
 */
export function toCsv(jobs: readonly ExportedJob[]): string {
  const records = jobs.map((j) => [
    j.id,
    j.title,
    j.company ?? '',
    j.location ?? '',
    j.workArrangement ?? '',
    j.employmentType ?? '',
    j.salaryMin ?? '',
    j.salaryMax ?? '',
    j.salaryCurrency ?? '',
    j.salaryPeriod ?? '',
    j.postedAt ?? '',
    j.firstSeenAt,
    j.state,
    j.fit ?? '',
    j.fitReasons.join('; '),
    j.watched ? 'yes' : 'no',
    j.applyUrl ?? '',
    ...SOURCES.map((s) => j.links[s] ?? ''),
    j.description ?? '',
  ])
  return stringify(records, {
    bom: true,
    header: true,
    columns: [...EXPORT_COLUMNS],
    record_delimiter: 'windows',
    cast: { string: csvCell },
  })
}

/**
 * A text a spreadsheet would run as a formula (a hostile job title "=HYPERLINK(…)") starts with ' so it stays
 * text (OWASP's advice for CSV); numbers are written as they are.
 */
export function csvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function toJson(jobs: readonly ExportedJob[]): string {
  return `${JSON.stringify(jobs, null, 2)}\n`
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/** A description as text: HTML tags become line breaks or nothing, entities their characters. */
export function plainText(description: string | null): string | null {
  if (!description) return description
  if (!/<[a-z!/]/i.test(description)) return description.trim()
  return description
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
      return ENTITIES[name.toLowerCase()] ?? whole
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
