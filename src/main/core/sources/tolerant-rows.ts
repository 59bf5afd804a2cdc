import { z } from 'zod'

/** A row of an API answer that did not fit what we read, with where it went wrong. */
export interface SkippedRow {
  index: number
  /** The row's own id, when it has one we can read. */
  id: string | null
  /** The first field that failed, as a path (`salary_raw.value.minValue`), or `the row`. */
  field: string
  message: string
}

export type TolerantRows<T> = T[] & { skipped: SkippedRow[] }

/**
 * An array of rows where one bad row does not cost the page: rows that fail `item` are left out and listed
 * in `skipped` (the vendor billed the whole page; the rest of it is stored).
 */
export function tolerantRows<T>(item: z.ZodType<T>, idField: string) {
  return z.array(z.unknown()).transform((rows): TolerantRows<T> => {
    const good: T[] = []
    const skipped: SkippedRow[] = []
    rows.forEach((row, index) => {
      const parsed = item.safeParse(row)
      if (parsed.success) {
        good.push(parsed.data)
        return
      }
      const issue = parsed.error.issues[0]
      const raw = row && typeof row === 'object' ? (row as Record<string, unknown>)[idField] : undefined
      skipped.push({
        index,
        id: typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null,
        field: issue?.path.length ? issue.path.join('.') : 'the row',
        message: issue?.message ?? 'unexpected shape',
      })
    })
    return Object.assign(good, { skipped })
  })
}

/** "Skipped JSearch job t-AK…== (job_title: expected string, received null); the rest of the page was stored." */
export function skippedRowNotice(label: string, row: SkippedRow): string {
  const which = row.id ? `job ${row.id}` : `row ${row.index + 1}`
  return `Skipped ${label} ${which} (${row.field}: ${row.message}); the rest of the page was stored.`
}
