import type { CvProfile } from '../../../shared/contract/profile'

/** The profile's schema is part of the contract: the UI shows and edits it. */
export { type CvProfile, cvProfileSchema } from '../../../shared/contract/profile'

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
