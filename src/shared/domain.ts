/** The domain's closed vocabularies, shared by the database, the contract and the UI. */
export const SOURCES = ['jsearch', 'activejobs'] as const
export type SourceId = (typeof SOURCES)[number]

export const SOURCE_NAMES: Record<SourceId, string> = {
  jsearch: 'JSearch',
  activejobs: 'Active Jobs DB',
}

export const BACKFILL_STATUSES = ['pending', 'running', 'done', 'failed'] as const
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number]

export const JOB_STATES = [
  'new',
  'seen',
  'saved',
  'applied',
  'interviewing',
  'offer',
  'rejected',
  'withdrawn',
  'hidden',
] as const
export type JobState = (typeof JOB_STATES)[number]

/** The states of an application, in the order one usually goes through them; each is a step with its day. */
export const APPLICATION_STATES = ['applied', 'interviewing', 'offer', 'rejected', 'withdrawn'] as const
export type ApplicationState = (typeof APPLICATION_STATES)[number]

export const STATE_LABELS: Record<JobState, string> = {
  new: 'New',
  seen: 'Seen',
  saved: 'Saved',
  applied: 'Applied',
  interviewing: 'Interviewing',
  offer: 'Offer',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  hidden: 'Hidden',
}

export function isApplicationState(state: string): state is ApplicationState {
  return (APPLICATION_STATES as readonly string[]).includes(state)
}

export const WORK_ARRANGEMENTS = ['On-site', 'Hybrid', 'Remote OK', 'Remote Solely'] as const
export type WorkArrangement = (typeof WORK_ARRANGEMENTS)[number]

/**
 * One string for a combination — its title and location keys, and a source when it is one cell of a
 * source — for maps and sets. The keys never hold U+0000, so the parts cannot run into each other.
 */
export function comboId(titleKey: string, locationKey: string, source?: string): string {
  return source === undefined
    ? `${titleKey}\u0000${locationKey}`
    : `${titleKey}\u0000${locationKey}\u0000${source}`
}
