import { z } from 'zod'
import { tolerantRows } from '../tolerant-rows'

const text = z.string().nullish()
const num = z.number().nullish()
const strings = z.array(z.string().nullable()).nullish()
const salaryObject = z.looseObject({
  currency: text,
  value: z
    .union([z.looseObject({ minValue: num, maxValue: num, value: num, unitText: text }), z.number()])
    .nullish(),
  unitText: text,
})

/**
 * The fields of an Active Jobs DB job that we use; everything else passes through. Ids are numeric
 * strings, timestamps are UTC without a `Z`. The 2026 API renamed some `ai_*` fields: both spellings work.
 */
export const activeJobSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string(),
  organization: text,
  date_posted: text,
  date_created: text,
  url: text,
  locations_derived: z
    .array(z.union([z.string(), z.looseObject({ city: text, admin: text, country: text })]))
    .nullish(),
  cities_derived: strings,
  regions_derived: strings,
  countries_derived: strings,
  remote_derived: z.boolean().nullish(),
  location_type: text,
  employment_type: strings,
  /** 2026 rows: `["FULL_TIME"]` beside `employment_type: ["Full time"]`. */
  ai_employment_type: strings,
  description_text: text,
  salary_raw: salaryObject.nullish(),
  /** The 2026 name of `salary_raw`; seen as the same object, and tolerated as a bare number or text. */
  salary: z.union([salaryObject, z.number(), z.string()]).nullish(),
  ai_salary_value: num,
  ai_work_arrangement: text,
  ai_key_skills: strings,
  ai_salary_currency: text,
  ai_salary_minvalue: num,
  ai_salary_maxvalue: num,
  ai_salary_unittext: text,
  ai_salary_min_value: num,
  ai_salary_max_value: num,
  ai_salary_unit_text: text,
})
export type ActiveJob = z.infer<typeof activeJobSchema>

/**
 * The answer is a bare JSON array (no envelope); `[]` when nothing matched. A row that does not fit is
 * left out (listed in `skipped`), not the page.
 */
export const activeJobsResponseSchema = tolerantRows(activeJobSchema, 'id')
