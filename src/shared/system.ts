import { z } from 'zod'

/** `system/status`: what the app runs on. The first method of the contract that later issues extend. */
export const systemStatusSchema = z.object({
  app: z.string(),
  version: z.string(),
  demo: z.boolean(),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    location: z.string(),
    migrations: z.number().int(),
    pending: z.number().int(),
  }),
})
export type SystemStatus = z.infer<typeof systemStatusSchema>

export const SYSTEM_STATUS_CHANNEL = 'system/get-status'
