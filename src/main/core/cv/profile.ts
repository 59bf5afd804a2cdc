import { z } from 'zod'
import { WORK_ARRANGEMENTS } from '../db/schema'

/** What the app needs to know from a CV to plan a search. Both parsers produce it. */
export const cvProfileSchema = z.object({
  /** The titles the person is looking for next, most wanted first. */
  jobTitles: z.array(z.string().trim().min(2).max(80)).max(20),
  /** Where they would work: where they live, where they would move, "Remote". */
  locations: z.array(z.string().trim().min(2).max(80)).max(20),
  /** ISO-3166 code of the country the person lives in, when known ("de"). */
  country: z.string().trim().toLowerCase().length(2).nullable().default(null),
  workArrangement: z.enum(WORK_ARRANGEMENTS).nullable(),
  seniority: z.enum(['intern', 'junior', 'mid', 'senior', 'lead', 'principal', 'executive']).nullable(),
  skills: z.array(z.string().trim().min(1).max(60)).max(40),
  languages: z.array(z.string().trim().min(1).max(40)).max(10),
  summary: z.string().trim().max(400),
})
export type CvProfile = z.infer<typeof cvProfileSchema>

export type ParserName = 'claude' | 'heuristic'

export interface ParsedCv {
  profile: CvProfile
  parser: ParserName
  /** Why the offline parser was used, when Claude was wanted (no key, an error). */
  fallbackReason: string | null
}

export interface PlanCaps {
  maxTitles: number
  maxLocations: number
}

export const DEFAULT_CAPS: PlanCaps = { maxTitles: 4, maxLocations: 4 }

/** Keeps the first few distinct titles and places so a plan stays affordable. */
export function capProfile(profile: CvProfile, caps: PlanCaps): CvProfile {
  const distinct = (values: string[]) => [...new Map(values.map((v) => [v.toLowerCase(), v])).values()]
  return {
    ...profile,
    jobTitles: distinct(profile.jobTitles).slice(0, caps.maxTitles),
    locations: distinct(profile.locations).slice(0, caps.maxLocations),
  }
}
