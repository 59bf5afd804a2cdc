import { z } from 'zod'
import { APPLICATION_STATES } from '../domain'
import { closedSchema, daySchema } from './common'
import { method } from './define'

const applicationState = z.enum(APPLICATION_STATES)

export const applicationSchema = z.object({
  jobId: z.number().int(),
  title: z.string(),
  company: z.string().nullable(),
  location: z.string().nullable(),
  applyUrl: z.string().nullable(),
  state: applicationState,
  note: z.string().nullable(),
  /** Each step with its day, oldest first. */
  steps: z.array(z.object({ state: applicationState, on: z.string() })),
  appliedOn: z.string(),
  lastOn: z.string(),
  closed: closedSchema,
})
export type Application = z.infer<typeof applicationSchema>

const whose = { email: z.string().trim().min(1).max(254).optional() }
const states = z.array(applicationState).min(1).optional()

export const applicationMethods = {
  'applications/list': method(
    z.object({ ...whose, states }).optional(),
    z.object({ email: z.string(), applications: z.array(applicationSchema) }),
    'The jobs a person applied to, with each step’s day and their note, the newest step first.',
  ),
  'applications/update': method(
    z.object({
      id: z.number().int(),
      /** A new state is a new step; the same state with `on` moves its day. */
      state: applicationState.optional(),
      on: daySchema.optional(),
      note: z.string().max(4000, 'Keep the note under 4,000 characters.').optional(),
    }),
    applicationSchema,
    'Moves an application on (interviewing, offer, rejected, withdrawn) with the day, or changes its note.',
  ),
  'applications/export': method(
    z.object({ ...whose, states, format: z.enum(['csv', 'json']) }),
    z.object({ fileName: z.string(), mimeType: z.string(), content: z.string(), count: z.number().int() }),
    'The record of applications as a CSV or JSON file: each job, its state, the day of each step and the note.',
  ),
}
