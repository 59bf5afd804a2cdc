import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type {
  ApplicationState,
  BackfillStatus,
  JobState,
  SourceId,
  WorkArrangement,
} from '../../../shared/domain'

/**
 * The whole database, both dialects. Conventions that keep SQLite and PostgreSQL identical:
 * - timestamps are ISO-8601 UTC strings (`IsoTime`);
 * - booleans are integers 0/1 (`Flag`): SQLite cannot bind booleans;
 * - JSON is text we stringify ourselves: pg would turn a JS array into a Postgres array.
 */
export interface Database {
  users: UsersTable
  cvs: CvsTable
  user_search_queries: UserSearchQueriesTable
  backfill_tracking: BackfillTrackingTable
  jobs: JobsTable
  job_postings: JobPostingsTable
  job_matches: JobMatchesTable
  user_job_state: UserJobStateTable
  runs: RunsTable
  api_usage: ApiUsageTable
  settings: SettingsTable
  daily_marks: DailyMarksTable
  locks: LocksTable
  job_fit: JobFitTable
  fit_marks: FitMarksTable
  watched_companies: WatchedCompaniesTable
  job_opinions: JobOpinionsTable
  alert_settings: AlertSettingsTable
  alert_deliveries: AlertDeliveriesTable
  application_events: ApplicationEventsTable
  feed_tokens: FeedTokensTable
}

export type IsoTime = string
export type Flag = 0 | 1
export type JsonText = string

export {
  APPLICATION_STATES,
  type ApplicationState,
  BACKFILL_STATUSES,
  type BackfillStatus,
  JOB_STATES,
  type JobState,
  SOURCES,
  type SourceId,
  WORK_ARRANGEMENTS,
  type WorkArrangement,
} from '../../../shared/domain'

export interface UsersTable {
  id: Generated<number>
  /** Lower-cased; unique. */
  email: string
  name: string | null
  created_at: IsoTime
  updated_at: IsoTime
  /** When the person last opened their feed: drives the "new since your last visit" marker. */
  last_feed_visit_at: IsoTime | null
}

export interface CvsTable {
  id: Generated<number>
  user_id: number
  file_name: string
  sha256: string
  mime_type: string
  size_bytes: number
  extracted_text: string
  profile_json: JsonText
  /** `claude` or `heuristic`: the UI says when the plan came from the offline parser. */
  parser: string
  created_at: IsoTime
}

export interface UserSearchQueriesTable {
  id: Generated<number>
  user_id: number
  /** As the person wrote it; shown in the UI. */
  title_keyword: string
  location: string
  /** Normalized keys (see normalize/combination-key.ts): the unit of sharing between people. */
  title_key: string
  location_key: string
  ai_work_arrangement: WorkArrangement | null
  /** 0–10, default 5. */
  priority: ColumnType<number, number | undefined, number>
  is_active: ColumnType<Flag, Flag | undefined, Flag>
  created_at: IsoTime
  updated_at: IsoTime
}

export interface BackfillTrackingTable {
  id: Generated<number>
  title_key: string
  location_key: string
  source: SourceId
  /** Display text of whoever asked first. */
  title_keyword: string
  location: string
  status: BackfillStatus
  lease_owner: string | null
  lease_expires_at: IsoTime | null
  /** When the combination finished its backfill. */
  backfilled_date: IsoTime | null
  jobs_found: ColumnType<number, number | undefined, number>
  attempts: ColumnType<number, number | undefined, number>
  last_error: string | null
  /** A backfill under way: its window and the pages stored so far, so a resumed one starts after them. */
  progress_json: ColumnType<JsonText | null, JsonText | null | undefined, JsonText | null>
  created_at: IsoTime
  updated_at: IsoTime
}

export interface JobsTable {
  id: Generated<number>
  title: string
  company: string | null
  location: string | null
  city: string | null
  region: string | null
  country: string | null
  is_remote: Flag
  work_arrangement: WorkArrangement | null
  /** full-time, part-time, contract, temporary, internship or other. */
  employment_type: string | null
  /** As the source wrote it ("Temps complet"). */
  employment_type_text: string | null
  salary_min: number | null
  salary_max: number | null
  salary_currency: string | null
  salary_period: string | null
  description: string | null
  apply_url: string | null
  /** Apply URL without scheme, `www.`, fragment and tracking parameters. */
  canonical_url: string | null
  /** canonical company | title | location; null when the company is unknown. Unique. */
  dedupe_key: string | null
  posted_at: IsoTime | null
  first_seen_at: IsoTime
  last_seen_at: IsoTime
  /** posted_at, else first_seen_at: the feed's "newest first" order. */
  sort_at: IsoTime
  /** The company in the dedupe key's canonical form (watchlist, `--company`); null without a company. */
  company_key: string | null
  /** Active Jobs DB's `ai_key_skills` as a JSON array, when a posting carried them. */
  key_skills: JsonText | null
  /** The salary as a year's pay (fit/salary.ts has the factors); null when unknown or not convertible. */
  salary_year_min: number | null
  salary_year_max: number | null
  /** When Job Monitor learnt the job closed (migration 15); null while it is open. */
  closed_at: ColumnType<IsoTime | null, IsoTime | null | undefined, IsoTime | null>
  /** `expired`: a source's list of expired jobs named it. */
  closed_reason: ColumnType<string | null, string | null | undefined, string | null>
}

export interface JobPostingsTable {
  id: Generated<number>
  job_id: number
  source: SourceId
  source_job_id: string
  url: string | null
  canonical_url: string | null
  raw_json: JsonText
  first_seen_at: IsoTime
  last_seen_at: IsoTime
}

export interface JobMatchesTable {
  job_id: number
  title_key: string
  location_key: string
  source: SourceId
  first_matched_at: IsoTime
}

export interface UserJobStateTable {
  user_id: number
  job_id: number
  state: JobState
  match_score: number | null
  updated_at: IsoTime
  /** The person's note on the job (migration 14). */
  note: ColumnType<string | null, string | null | undefined, string | null>
}

export interface RunsTable {
  id: Generated<number>
  /** `backfill` or `daily`. */
  kind: string
  /** `schedule`, `catch-up`, `manual`, `cli`, `cv-import`. */
  trigger: string
  /** For scheduled runs, the slot (`daily:2026-11-28T06:00@Europe/Berlin`); unique, so only one instance runs it. */
  slot_key: string | null
  status: string
  started_at: IsoTime
  finished_at: IsoTime | null
  requests: ColumnType<number, number | undefined, number>
  jobs_fetched: ColumnType<number, number | undefined, number>
  jobs_new: ColumnType<number, number | undefined, number>
  report_json: JsonText | null
  error: string | null
  /** The process running it ("host:pid:nonce"); see process-owner.ts. */
  owner: ColumnType<string | null, string | null | undefined, string | null>
  /** A running run's last sign of life; a run whose heartbeat is older than its lease was interrupted. */
  heartbeat_at: ColumnType<IsoTime | null, IsoTime | null | undefined, IsoTime | null>
}

/** Per source and combination: daily jobs are loaded up to `loaded_until` (moves only on success). */
export interface DailyMarksTable {
  source: SourceId
  title_key: string
  location_key: string
  loaded_until: IsoTime
  run_id: number | null
  updated_at: IsoTime
  /** What the last daily call brought back: `{"returned":n,"capacity":n,"windowDays":n}`. */
  last_call_json: ColumnType<JsonText | null, JsonText | null | undefined, JsonText | null>
}

/** A named lease held by one process at a time ("daily-load"); renewed while held. */
export interface LocksTable {
  name: string
  owner: string
  acquired_at: IsoTime
  expires_at: IsoTime
}

export interface ApiUsageTable {
  id: Generated<number>
  source: SourceId
  endpoint: string
  run_id: number | null
  called_at: IsoTime
  status_code: number | null
  billed_requests: number
  billed_jobs: number
  requests_limit: number | null
  requests_remaining: number | null
  requests_reset_at: IsoTime | null
  jobs_limit: number | null
  jobs_remaining: number | null
  jobs_reset_at: IsoTime | null
  error: string | null
}

/** A person's fit score of a job with its reasons; `sort_at` copies the job's so "best first" is one index. */
export interface JobFitTable {
  user_id: number
  job_id: number
  score: number
  /** `{"good":["Python, Spark","your title"],"missing":["German C1"]}` */
  reasons_json: JsonText
  sort_at: IsoTime
  computed_at: IsoTime
}

/** What a person's scores were computed from (a hash), and the day their freshness was last brought up. */
export interface FitMarksTable {
  user_id: number
  inputs_key: string
  fresh_on: string
  computed_at: IsoTime
}

export interface WatchedCompaniesTable {
  user_id: number
  /** canonicalCompany() of the name: the form the dedupe key and `jobs.company_key` use. */
  company_key: string
  /** As the person typed it. */
  name: string
  created_at: IsoTime
}

/** Claude's second opinion of a job for a person (optional, a few a day), with what it cost. */
export interface JobOpinionsTable {
  user_id: number
  job_id: number
  /** strong, possible or weak. */
  verdict: string
  reason: string
  model: string
  input_tokens: number
  output_tokens: number
  created_at: IsoTime
}

/** Where a person's alerts go, what they need, and when they keep quiet (migration 13). */
export interface AlertSettingsTable {
  user_id: number
  webhook_url: string | null
  ntfy_url: string | null
  /** Where the e-mail digest goes (the mail server is this machine's: JOB_MONITOR_SMTP_URL or Settings). */
  digest_to: string | null
  /** A new job needs at least this fit to be in an alert (0: every new job). */
  min_fit: ColumnType<number, number | undefined, number>
  /** `HH:MM` in the schedule's time zone; both set, or neither. */
  quiet_from: string | null
  quiet_to: string | null
  updated_at: IsoTime
}

/** One alert of one load, for one person, on one channel. */
export interface AlertDeliveriesTable {
  id: Generated<number>
  user_id: number
  run_id: number | null
  /** webhook, ntfy or email. */
  channel: string
  /** pending, held (quiet hours), sent, failed (sent again by a later load) or abandoned. */
  status: string
  attempts: ColumnType<number, number | undefined, number>
  last_error: string | null
  /** The alert's person, run and jobs (AlertPayload), as JSON. */
  payload_json: JsonText
  created_at: IsoTime
  /** When a held or failed alert is to be sent again. */
  due_at: IsoTime | null
  sent_at: IsoTime | null
}

export interface SettingsTable {
  key: string
  value_json: JsonText
  updated_at: IsoTime
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type SearchQuery = Selectable<UserSearchQueriesTable>
export type NewSearchQuery = Insertable<UserSearchQueriesTable>
export type SearchQueryUpdate = Updateable<UserSearchQueriesTable>
export type BackfillRow = Selectable<BackfillTrackingTable>
export type JobRow = Selectable<JobsTable>
export type NewJobRow = Insertable<JobsTable>
export type JobPostingRow = Selectable<JobPostingsTable>
export type RunRow = Selectable<RunsTable>
export type ApiUsageRow = Selectable<ApiUsageTable>
export type NewApiUsage = Insertable<ApiUsageTable>
export type CvRow = Selectable<CvsTable>
export type NewCv = Insertable<CvsTable>

/** One step of an application (applied, interviewing, offer, rejected, withdrawn) and its day (migration 14). */
export interface ApplicationEventsTable {
  id: Generated<number>
  user_id: number
  job_id: number
  state: ApplicationState
  /** YYYY-MM-DD, the day it happened as the person gives it. */
  on_date: string
  recorded_at: IsoTime
}

/** A person's private feed address, by the SHA-256 of its token (migration 17). */
export interface FeedTokensTable {
  id: Generated<number>
  user_id: number
  token_hash: string
  created_at: IsoTime
  last_used_at: IsoTime | null
  revoked_at: IsoTime | null
}
