import type { SourceId, WorkArrangement } from '../db/schema'
import type { CombinationKey } from '../normalize/combination-key'
import type { EmploymentType } from '../normalize/employment-type'

/** One job as a source adapter hands it over: the internal shape every API is mapped into. */
export interface NormalizedJob {
  source: SourceId
  sourceJobId: string
  title: string
  company: string | null
  location: string | null
  city: string | null
  region: string | null
  country: string | null
  isRemote: boolean
  workArrangement: WorkArrangement | null
  /** One of EMPLOYMENT_TYPES (full-time, part-time, contract, temporary, internship, other). */
  employmentType: EmploymentType | null
  /** The employment type as the source wrote it ("Temps complet", "FULLTIME"). */
  employmentTypeText?: string | null
  salaryMin: number | null
  salaryMax: number | null
  salaryCurrency: string | null
  salaryPeriod: string | null
  description: string | null
  applyUrl: string | null
  /** ISO-8601 UTC, or null when the source does not say. */
  postedAt: string | null
  /** The skills a source lists for the job (Active Jobs DB's `ai_key_skills`). */
  keySkills?: readonly string[] | null
  /** The vendor payload as received, kept as provenance. */
  raw: unknown
}

/** A job to store, with the combinations whose search returned it (the repository merges it into `jobs`). */
export interface UpsertItem {
  job: NormalizedJob
  /** The combinations whose search returned this job. */
  matches: readonly CombinationKey[]
}
