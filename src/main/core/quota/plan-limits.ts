import { z } from 'zod'
import type { SourceId } from '../../../shared/domain'

/** The plan a source is on, as far as we know it; the gateway's headers win when a call has reported them. */
export interface PlanLimits {
  /** What the source bills that runs out first: JSearch requests, Active Jobs DB jobs. */
  unit: 'requests' | 'jobs'
  monthlyLimit: number
}

export const DEFAULT_PLAN_LIMITS: Record<SourceId, PlanLimits> = {
  jsearch: { unit: 'requests', monthlyLimit: 200 }, // BASIC, the free plan
  activejobs: { unit: 'jobs', monthlyLimit: 20_000 }, // Ultra
}

/** The plans people typed into Settings (shared by everyone on the database). */
export const PLAN_LIMITS_SETTING = 'plan.limits'
const planLimitSchema = z.object({
  unit: z.enum(['requests', 'jobs']),
  monthlyLimit: z.number().int().positive(),
})
export const planLimitsSchema = z.object({
  jsearch: planLimitSchema.optional(),
  activejobs: planLimitSchema.optional(),
})
