import { z } from 'zod'
import { method, noInput } from './define'

export const systemStatusSchema = z.object({
  app: z.string(),
  version: z.string(),
  demo: z.boolean(),
  /** `desktop` in the Electron window, `server` behind `job-monitor serve`. */
  mode: z.enum(['desktop', 'server']),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    location: z.string(),
    migrations: z.number().int(),
    pending: z.number().int(),
  }),
})
export type SystemStatus = z.infer<typeof systemStatusSchema>

export const systemMethods = {
  'system/get-status': method(noInput, systemStatusSchema, 'What the app runs on.'),
  'system/switch-demo': method(
    z.object({ demo: z.boolean() }),
    z.object({ restarting: z.boolean(), message: z.string() }),
    'Restarts the desktop app on the demo data set (or back on the real data); elsewhere says how.',
  ),
}
