import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { z } from 'zod'
import { isEmailAddress, isSmtpUrl, isTopicUrl, isWebUrl } from '../../../shared/alerts'
import { UserError } from '../errors'
import { defaultDataDir } from './data-dir'

/** The environment contract of DESIGN.md, parsed once. Absent keys switch that part off. */
export interface AppConfig {
  databaseUrl: string | undefined
  dataDir: string
  jsearchApiKey: string | undefined
  activeJobsApiKey: string | undefined
  anthropicApiKey: string | undefined
  jsearchBaseUrl: string
  activeJobsBaseUrl: string
  anthropicBaseUrl: string | undefined
  anthropicModel: string
  /** One time of day or several, comma-separated: "06:00" or "06:00,18:00". */
  dailyAt: string
  timezone: string
  /** JOB_MONITOR_DAILY_AT or JOB_MONITOR_TIMEZONE is set: the schedule saved in the app is not used. */
  scheduleFromEnvironment: boolean
  demo: boolean
  /** What a real key has yet to confirm (API-REFERENCE.md §5) is a setting, not a guess in code. */
  jsearchSearchPath: '/search' | '/search-v2'
  activeJobsGeneration: 'legacy' | '2026'
  /** `auto`: found out from the plan (one cheap call) and remembered. */
  activeJobsBackfillWindow: '7d' | '6m' | 'auto'
  requestsPerSecond: number
  /** How long each source may take in one run (daily load or backfill) before it is stopped for that run. */
  sourceDeadlineSeconds: number
  /** Alerts for the person this app works for, and this machine's mail server (docs/alerts-*.md). */
  alerts: { webhookUrl?: string; ntfyUrl?: string; smtpUrl?: string; digestTo?: string }
}

export const DEFAULT_JSEARCH_BASE_URL = 'https://jsearch.p.rapidapi.com'
export const DEFAULT_ACTIVEJOBS_BASE_URL = 'https://active-jobs-db.p.rapidapi.com'
export const DEFAULT_ANTHROPIC_MODEL = 'claude-haiku-4-5'

const optional = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))

const url = () =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^/]+/.test(v), 'must be an http(s) URL such as https://host:port')
    .transform((v) => v.replace(/\/+$/, ''))

/** An optional setting checked by `check`, with what to write instead. */
const checked = (check: (v: string) => boolean, hint: string) =>
  optional.refine((v) => v === undefined || check(v), hint)

const envSchema = z.object({
  DATABASE_URL: optional,
  JOB_MONITOR_DATA_DIR: optional,
  JSEARCH_API_KEY: optional,
  ACTIVEJOBS_API_KEY: optional,
  ANTHROPIC_API_KEY: optional,
  JSEARCH_BASE_URL: url().default(DEFAULT_JSEARCH_BASE_URL),
  ACTIVEJOBS_BASE_URL: url().default(DEFAULT_ACTIVEJOBS_BASE_URL),
  ANTHROPIC_BASE_URL: url().optional(),
  ANTHROPIC_MODEL: optional,
  JOB_MONITOR_DAILY_AT: z
    .string()
    .trim()
    .regex(
      /^([01]?\d|2[0-3]):[0-5]\d(\s*,\s*([01]?\d|2[0-3]):[0-5]\d)*$/,
      'must be a time of day such as 06:00, or several such as 06:00,18:00',
    )
    .default('06:00'),
  JOB_MONITOR_TIMEZONE: z
    .string()
    .trim()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .default('Europe/Berlin'),
  JOB_MONITOR_DEMO: optional,
  JSEARCH_SEARCH_PATH: z.enum(['/search', '/search-v2']).default('/search'),
  ACTIVEJOBS_API_GENERATION: z.enum(['legacy', '2026']).default('legacy'),
  ACTIVEJOBS_BACKFILL_WINDOW: z.enum(['7d', '6m', 'auto']).default('auto'),
  JOB_MONITOR_REQUESTS_PER_SECOND: positiveNumber('calls per second, such as 5', 100).default(5),
  JOB_MONITOR_SOURCE_DEADLINE_SECONDS: positiveNumber('seconds, such as 300', 86_400).default(300),
  JOB_MONITOR_WEBHOOK_URL: checked(isWebUrl, 'must be an http(s) URL such as https://example.org/hooks/jobs'),
  JOB_MONITOR_NTFY_URL: checked(
    isTopicUrl,
    'must be an ntfy topic URL such as https://ntfy.sh/my-job-alerts',
  ),
  JOB_MONITOR_SMTP_URL: checked(
    isSmtpUrl,
    'must be an SMTP URL such as smtps://user:password@smtp.example.org:465',
  ),
  JOB_MONITOR_DIGEST_TO: checked(isEmailAddress, 'must be an e-mail address such as me@example.org'),
})

/** A number from the environment, with a message that says what to write instead of "received NaN". */
function positiveNumber(what: string, max: number) {
  return z
    .string()
    .trim()
    .refine((v) => Number.isFinite(Number(v)) && v !== '', `must be a number of ${what}`)
    .transform(Number)
    .refine((v) => v > 0, `must be a positive number of ${what}`)
    .refine((v) => v <= max, `must be at most ${max}`)
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/**
 * Reads the environment, with a `.env` file in `cwd` filling in what the environment does not set
 * (the real environment always wins). A bad value is a UserError naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const merged = { ...readDotenv(cwd), ...definedOnly(env) }
  const parsed = envSchema.safeParse(merged)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = issue?.path.join('.') ?? 'environment'
    throw new UserError(`Invalid ${name}: ${issue?.message ?? 'bad value'}.`, 'config.invalid')
  }
  const e = parsed.data
  const demo = e.JOB_MONITOR_DEMO === '1' || e.JOB_MONITOR_DEMO === 'true'
  const dataDir = resolve(cwd, e.JOB_MONITOR_DATA_DIR ?? defaultDataDir(env))
  return {
    // The demo lives in a database of its own beside the real one, whatever DATABASE_URL says.
    databaseUrl: demo ? undefined : e.DATABASE_URL,
    dataDir: demo ? join(dataDir, 'demo') : dataDir,
    jsearchApiKey: e.JSEARCH_API_KEY,
    activeJobsApiKey: e.ACTIVEJOBS_API_KEY,
    anthropicApiKey: e.ANTHROPIC_API_KEY,
    jsearchBaseUrl: e.JSEARCH_BASE_URL,
    activeJobsBaseUrl: e.ACTIVEJOBS_BASE_URL,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
    anthropicModel: e.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL,
    dailyAt: e.JOB_MONITOR_DAILY_AT,
    timezone: e.JOB_MONITOR_TIMEZONE,
    scheduleFromEnvironment:
      merged.JOB_MONITOR_DAILY_AT !== undefined || merged.JOB_MONITOR_TIMEZONE !== undefined,
    demo,
    jsearchSearchPath: e.JSEARCH_SEARCH_PATH,
    activeJobsGeneration: e.ACTIVEJOBS_API_GENERATION,
    activeJobsBackfillWindow: e.ACTIVEJOBS_BACKFILL_WINDOW,
    requestsPerSecond: e.JOB_MONITOR_REQUESTS_PER_SECOND,
    sourceDeadlineSeconds: e.JOB_MONITOR_SOURCE_DEADLINE_SECONDS,
    alerts: {
      webhookUrl: e.JOB_MONITOR_WEBHOOK_URL,
      ntfyUrl: e.JOB_MONITOR_NTFY_URL,
      smtpUrl: e.JOB_MONITOR_SMTP_URL,
      digestTo: e.JOB_MONITOR_DIGEST_TO,
    },
  }
}

function readDotenv(cwd: string): Record<string, string> {
  const file = resolve(cwd, '.env')
  if (!existsSync(file)) return {}
  return parseDotenv(readFileSync(file))
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))
}
