import { z } from 'zod'
import { BACKFILL_STATUSES, SOURCES, WORK_ARRANGEMENTS } from '../domain'
import { method, noInput } from './define'

const cellSourceSchema = z.object({
  source: z.enum(SOURCES),
  status: z.enum([...BACKFILL_STATUSES, 'not-started']),
  jobsFound: z.number().int(),
  lastError: z.string().nullable(),
  backfilledAt: z.string().nullable(),
  /** Somebody else's plan brought this combination in first: it cost this person no quota. */
  shared: z.boolean(),
})

export const planRowSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  location: z.string(),
  titleKey: z.string(),
  locationKey: z.string(),
  workArrangement: z.enum(WORK_ARRANGEMENTS).nullable(),
  priority: z.number().int().min(0).max(10),
  active: z.boolean(),
  /** Jobs this combination surfaced in the last 7 days. */
  jobsLast7Days: z.number().int(),
  sources: z.array(cellSourceSchema),
})
export type PlanRow = z.infer<typeof planRowSchema>

const planSchema = z.object({
  rows: z.array(planRowSchema),
  /** How far back a backfill reaches on each source, and why: "7 days on Active Jobs DB (…)". */
  backfillReach: z.string(),
})
export type Plan = z.infer<typeof planSchema>

const text = z.string().trim().min(2).max(80)

export const planMethods = {
  'plan/get': method(noInput, planSchema, 'The search plan with every cell’s backfill state.'),
  'plan/add-title': method(z.object({ title: text }), planSchema, 'Adds a title: one row per place.'),
  'plan/add-location': method(z.object({ location: text }), planSchema, 'Adds a place: one row per title.'),
  'plan/remove-title': method(z.object({ title: z.string().max(80) }), planSchema, 'Removes a title’s rows.'),
  'plan/remove-location': method(
    z.object({ location: z.string().max(80) }),
    planSchema,
    'Removes a place’s rows.',
  ),
  'plan/edit-row': method(
    z.object({
      id: z.number().int(),
      priority: z.number().int().min(0).max(10).optional(),
      active: z.boolean().optional(),
    }),
    planSchema,
    'Sets a row’s priority or pauses it.',
  ),
  'plan/replan': method(noInput, planSchema, 'Rebuilds the plan from the latest CV’s profile.'),
  'plan/list-rows': method(
    z.object({ email: z.string().trim().min(1).max(254).optional() }).default({}),
    z.object({
      rows: z.array(
        z.object({
          id: z.number().int(),
          email: z.string(),
          title: z.string(),
          location: z.string(),
          priority: z.number().int(),
          active: z.boolean(),
          workArrangement: z.enum(WORK_ARRANGEMENTS).nullable(),
        }),
      ),
      people: z.number().int(),
      combinations: z.number().int(),
    }),
    'Every person’s plan rows on this database (or one person’s), with the distinct combinations.',
  ),
}
