/** The domain's closed vocabularies, shared by the database, the contract and the UI. */
export const SOURCES = ['jsearch', 'activejobs'] as const
export type SourceId = (typeof SOURCES)[number]

export const SOURCE_NAMES: Record<SourceId, string> = {
  jsearch: 'JSearch',
  activejobs: 'Active Jobs DB',
}

export const BACKFILL_STATUSES = ['pending', 'running', 'done', 'failed'] as const
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number]

export const JOB_STATES = ['new', 'seen', 'saved', 'applied', 'hidden'] as const
export type JobState = (typeof JOB_STATES)[number]

export const WORK_ARRANGEMENTS = ['On-site', 'Hybrid', 'Remote OK', 'Remote Solely'] as const
export type WorkArrangement = (typeof WORK_ARRANGEMENTS)[number]
