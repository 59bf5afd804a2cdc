import { z } from 'zod'
import { type SkippedRow, tolerantRows } from '../tolerant-rows'

const text = z.string().nullish()
const num = z.number().nullish()

/**
 * The fields of a JSearch job that we use. Everything may be null or missing but the id and title;
 * unknown fields pass through untouched (the raw payload is kept as provenance).
 */
export const jsearchJobSchema = z.looseObject({
  job_id: z.string().min(1),
  job_title: z.string(),
  employer_name: text,
  job_publisher: text,
  job_employment_type: text,
  job_employment_types: z.array(z.string().nullable()).nullish(),
  job_apply_link: text,
  job_description: text,
  job_is_remote: z.boolean().nullish(),
  job_posted_at_timestamp: num,
  job_posted_at_datetime_utc: text,
  /** Relative text in the posting's language ("1 giorno fa"); 2025 rows may carry only this. */
  job_posted_human_readable: text,
  job_posted_at: text,
  job_location: text,
  job_city: text,
  job_state: text,
  job_country: text,
  job_min_salary: num,
  job_max_salary: num,
  job_salary_currency: text,
  job_salary_period: text,
})
export type JsearchJob = z.infer<typeof jsearchJobSchema>

/** `/search` answers `data: [...]`; `/search-v2` answers `data: { jobs: [...], cursor }`. */
export const jsearchResponseSchema = z.looseObject({
  status: z.string().nullish(),
  request_id: z.string().nullish(),
  // One row that does not fit is left out (listed in `skipped`), not the page.
  data: z.union([
    tolerantRows(jsearchJobSchema, 'job_id'),
    z.looseObject({
      jobs: tolerantRows(jsearchJobSchema, 'job_id'),
      cursor: z.union([z.string(), z.number()]).nullish(),
    }),
  ]),
})
export type JsearchResponse = z.infer<typeof jsearchResponseSchema>

export function jobsOf(response: JsearchResponse): {
  jobs: JsearchJob[]
  skipped: SkippedRow[]
  cursor: string | null
} {
  if (Array.isArray(response.data))
    return { jobs: response.data, skipped: response.data.skipped, cursor: null }
  const cursor = response.data.cursor
  return {
    jobs: response.data.jobs,
    skipped: response.data.jobs.skipped,
    cursor: cursor === null || cursor === undefined ? null : String(cursor),
  }
}
