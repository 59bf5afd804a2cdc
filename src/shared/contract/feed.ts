import { z } from 'zod'
import { JOB_STATES, SOURCES, WORK_ARRANGEMENTS } from '../domain'
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
  /** Default: every state but hidden. */
  states: z.array(z.enum(JOB_STATES)).optional(),
  sort: z.enum(['newest', 'oldest']).default('newest'),
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

export const feedMethods = {
  'feed/list': method(feedQuerySchema, feedPageSchema, 'One page of the person’s feed.'),
  'feed/mark-visited': method(noInput, z.object({ visitedAt: z.string() }), 'Moves the “new since” marker.'),
  'jobs/get': method(z.object({ id: z.number().int() }), jobDetailSchema, 'One job with every posting.'),
  'jobs/set-state': method(
    z.object({ id: z.number().int(), state: z.enum(JOB_STATES) }),
    z.object({ id: z.number().int(), state: z.enum(JOB_STATES) }),
    'Marks a job seen, saved, applied or hidden (or new again).',
  ),
}
