import { z } from 'zod'
import { JOB_STATES, SOURCES, WORK_ARRANGEMENTS } from '../domain'
import { closedSchema, daySchema } from './common'
import { method, noInput } from './define'

export const feedQuerySchema = z.object({
  /** Whose feed, on a database several people share; default: the person this app works for. */
  email: z.string().trim().min(1).max(254).optional(),
  /** Full-text search of title, company, place and description (search/query.ts has the syntax). */
  text: z.string().max(200).optional(),
  title: z.string().max(80).optional(),
  location: z.string().max(80).optional(),
  arrangements: z.array(z.enum(WORK_ARRANGEMENTS)).optional(),
  source: z.enum(SOURCES).optional(),
  postedWithinDays: z.number().int().min(1).max(365).optional(),
  salaryKnown: z.boolean().optional(),
  /**
   * At least this pay, converted to a year (hour × 1,760, day × 220, week × 44, month × 12). Compared in
   * `currency` (default: the person's country's) and, with a rate table in Settings, in the currencies it
   * names; jobs without a comparable salary stay unless `keepUnknown` is false.
   */
  minSalary: z
    .object({
      amount: z.number().positive().max(1e9),
      period: z.enum(['hour', 'day', 'week', 'month', 'year']).default('year'),
      currency: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{3}$/, 'Use a three-letter currency code such as EUR.')
        .optional(),
      keepUnknown: z.boolean().default(true),
    })
    .optional(),
  /** One company, matched by the canonical form the dedupe uses ("Zalando SE" finds "zalando"). */
  company: z.string().trim().min(1).max(120).optional(),
  /** Only companies on the person's watchlist. */
  watchedOnly: z.boolean().optional(),
  /** Default: every state but hidden. */
  states: z.array(z.enum(JOB_STATES)).optional(),
  /**
   * Jobs that have closed (listed expired by a source, or not seen for the days Settings gives): left
   * out by default unless saved or applied to (`hide`), kept (`show`), or the only ones listed (`only`).
   */
  closed: z.enum(['hide', 'show', 'only']).optional(),
  /** fit: the person's fit score, best first, newest first among equals. */
  sort: z.enum(['newest', 'oldest', 'fit']).default('newest'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
})
export type FeedQueryInput = z.input<typeof feedQuerySchema>

export const feedJobSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  company: z.string().nullable(),
  location: z.string().nullable(),
  workArrangement: z.enum(WORK_ARRANGEMENTS).nullable(),
  isRemote: z.boolean(),
  salaryMin: z.number().nullable(),
  salaryMax: z.number().nullable(),
  salaryCurrency: z.string().nullable(),
  salaryPeriod: z.string().nullable(),
  applyUrl: z.string().nullable(),
  postedAt: z.string().nullable(),
  firstSeenAt: z.string(),
  state: z.enum(JOB_STATES),
  /** How well the job fits the person, 0–100 (null before their scores are computed). */
  fit: z.number().int().min(0).max(100).nullable(),
  /** What fits: "Python, Spark, Airflow", "your title", "hybrid in Berlin". */
  fitReasons: z.array(z.string()),
  /** What the job asks for that the CV lacks: "German C1". */
  fitMissing: z.array(z.string()),
  /** The company is on the person's watchlist. */
  watched: z.boolean(),
  /** Claude's second opinion, when it was asked (Settings: off by default, a few jobs a day). */
  opinion: z.object({ verdict: z.enum(['strong', 'possible', 'weak']), reason: z.string() }).nullable(),
  closed: closedSchema,
})
export type FeedJob = z.infer<typeof feedJobSchema>

const feedPageSchema = z.object({
  /** Whose feed this is. */
  email: z.string(),
  jobs: z.array(feedJobSchema),
  /** The person's previous visit: jobs first seen after it are "new since your last visit". */
  lastVisitAt: z.string().nullable(),
})

const jobDetailSchema = feedJobSchema.extend({
  description: z.string().nullable(),
  /** full-time, part-time, contract, temporary, internship or other. */
  employmentType: z.string().nullable(),
  /** As the source wrote it ("Temps complet"). */
  employmentTypeText: z.string().nullable(),
  lastSeenAt: z.string(),
  postings: z.array(
    z.object({
      source: z.enum(SOURCES),
      sourceJobId: z.string(),
      url: z.string().nullable(),
      firstSeenAt: z.string(),
    }),
  ),
})
export type JobDetail = z.infer<typeof jobDetailSchema>

const watchedSchema = z.array(z.object({ name: z.string(), key: z.string() }))

export const feedMethods = {
  'feed/list': method(feedQuerySchema, feedPageSchema, 'One page of the person’s feed.'),
  'feed/export': method(
    feedQuerySchema.omit({ limit: true, offset: true }).extend({
      format: z.enum(['csv', 'json']),
      /** At most this many jobs, in the feed's order (the window exports 5,000; the CLI up to 50,000). */
      limit: z.number().int().min(1).max(50_000).default(5000),
    }),
    z.object({
      fileName: z.string(),
      mimeType: z.string(),
      /** The whole file: CSV with a byte-order mark, or JSON. */
      content: z.string(),
      count: z.number().int(),
      /** More jobs matched than `limit`. */
      truncated: z.boolean(),
    }),
    'The feed with its filters as a CSV or JSON file: one row per job, its description and every source’s link.',
  ),
  'feed/mark-visited': method(noInput, z.object({ visitedAt: z.string() }), 'Moves the “new since” marker.'),
  'jobs/get': method(z.object({ id: z.number().int() }), jobDetailSchema, 'One job with every posting.'),
  'jobs/set-state': method(
    z.object({
      id: z.number().int(),
      state: z.enum(JOB_STATES),
      /** The day of an application step (applied, interviewing, …); default today. */
      on: daySchema.optional(),
    }),
    z.object({ id: z.number().int(), state: z.enum(JOB_STATES) }),
    'Marks a job seen, saved, applied (or a later step of the application) or hidden, or new again; answers the state it has (unhiding an application gives back its step).',
  ),
  'companies/watched': method(noInput, watchedSchema, 'The companies the person watches.'),
  'companies/watch': method(
    z.object({ name: z.string().trim().min(1).max(120) }),
    z.object({ added: z.boolean(), watched: watchedSchema }),
    'Adds a company to the watchlist (its jobs get a badge, a boost and their own notification).',
  ),
  'companies/unwatch': method(
    z.object({ name: z.string().trim().min(1).max(120) }),
    z.object({ removed: z.boolean(), watched: watchedSchema }),
    'Takes a company off the watchlist.',
  ),
}
