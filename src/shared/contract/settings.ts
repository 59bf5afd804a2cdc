import { z } from 'zod'
import { SOURCES } from '../domain'
import { method, noInput } from './define'

const keyStateSchema = z.object({
  /** A key is available (from the environment or saved in the app). */
  set: z.boolean(),
  /** The environment sets it; it wins over a key saved in the app. */
  fromEnvironment: z.boolean(),
})

const planLimitSchema = z.object({
  unit: z.enum(['requests', 'jobs']),
  monthlyLimit: z.number().int().positive(),
})

export const settingsSchema = z.object({
  schedule: z.object({
    time: z.string(),
    timezone: z.string(),
    fromEnvironment: z.boolean(),
    /** "The 06:00 load of today has not run — load now?" after saving a time that has passed today. */
    missedToday: z.string().nullable(),
  }),
  minPriority: z.number().int().min(0).max(10),
  /** Shared by everyone on the database, like the quota. */
  knobs: z.object({
    backfillDepthDays: z.number().int(),
    backfillPages: z.number().int(),
    dailyPages: z.number().int(),
    maxDelayDays: z.number().int(),
    highPriority: z.number().int(),
  }),
  planLimits: z.record(z.enum(SOURCES), planLimitSchema),
  sources: z.record(z.enum(SOURCES), z.object({ enabled: z.boolean(), key: keyStateSchema })),
  anthropicKey: keyStateSchema,
  /** Whether keys typed into the app can be stored encrypted on this machine. */
  canStoreKeys: z.boolean(),
  /** Why not, when it is known ("this system has no keyring…"); null on a server, which has no key store. */
  keyStoreProblem: z.string().nullable(),
  blocklist: z.object({ titles: z.array(z.string()), companies: z.array(z.string()) }),
  storage: z.object({
    /** Where the data is now (a file path, or the PostgreSQL URL without its password). */
    current: z.string(),
    /** The database URL saved for the next start; null = the local file. */
    saved: z.string().nullable(),
    fromEnvironment: z.boolean(),
  }),
  startAtLogin: z.boolean(),
  notifications: z.boolean(),
  /** Notify only about new jobs with at least this fit score (0: every new job); watched companies always. */
  notifyMinFit: z.number().int().min(0).max(100),
  /** A job no source has shown for this many days is probably closed (0: never). Shared by the database. */
  probablyClosedDays: z.number().int().min(0).max(365),
  /** The value of one unit of each currency in one base, for the salary filter; empty = one currency only. */
  currencyRates: z.record(z.string(), z.number()),
  /** Claude's second opinion of the day's best new jobs (by the fit score); off by default. */
  opinions: z.object({
    enabled: z.boolean(),
    perDay: z.number().int(),
    /** The most one opinion costs, in tokens, shown before it is turned on. */
    tokensPerJob: z.number().int(),
    /** A Claude key is set (the opinions need one). */
    available: z.boolean(),
  }),
})
export type Settings = z.infer<typeof settingsSchema>

const keyInput = z.string().trim().max(200).nullable().optional()

export const settingsUpdateSchema = z.object({
  schedule: z
    .object({
      /** One time of day or several, comma-separated. */
      time: z
        .string()
        .trim()
        .regex(
          /^([01]?\d|2[0-3]):[0-5]\d(\s*,\s*([01]?\d|2[0-3]):[0-5]\d)*$/,
          'Use a time of day such as 06:00, or several such as 06:00,18:00.',
        ),
      timezone: z.string().min(1),
    })
    .optional(),
  minPriority: z.number().int().min(0).max(10).optional(),
  knobs: z
    .object({
      backfillDepthDays: z.number().int().min(1).max(180),
      backfillPages: z.number().int().min(1).max(20),
      dailyPages: z.number().int().min(1).max(10),
      maxDelayDays: z.number().int().min(0).max(7),
      highPriority: z.number().int().min(1).max(10),
    })
    .partial()
    .optional(),
  planLimits: z.partialRecord(z.enum(SOURCES), planLimitSchema).optional(),
  sourcesEnabled: z.partialRecord(z.enum(SOURCES), z.boolean()).optional(),
  /** A key to save encrypted; null or "" removes the saved key. */
  keys: z.object({ jsearch: keyInput, activejobs: keyInput, anthropic: keyInput }).optional(),
  blocklist: z
    .object({
      titles: z.array(z.string().trim().min(1).max(80)).max(200),
      companies: z.array(z.string().trim().min(1).max(120)).max(200),
    })
    .optional(),
  /** A PostgreSQL URL or SQLite path to use from the next start; null = the local file. */
  databaseUrl: z.string().trim().max(2000).nullable().optional(),
  startAtLogin: z.boolean().optional(),
  notifications: z.boolean().optional(),
  notifyMinFit: z.number().int().min(0).max(100).optional(),
  probablyClosedDays: z.number().int().min(0).max(365).optional(),
  currencyRates: z
    .record(
      z.string().regex(/^[A-Z]{3}$/, 'Name each currency by its three-letter code, such as EUR.'),
      z.number().positive().max(1e6),
    )
    .refine((r) => Object.keys(r).length <= 50, 'At most 50 currencies.')
    .optional(),
  opinions: z.object({ enabled: z.boolean(), perDay: z.number().int().min(1).max(50) }).optional(),
})
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>

export const settingsMethods = {
  'settings/get': method(noInput, settingsSchema, 'Every setting, keys shown as set or not, never as text.'),
  'settings/update': method(settingsUpdateSchema, settingsSchema, 'Saves the given settings.'),
  'keys/test': method(
    z.object({
      key: z.enum(['jsearch', 'activejobs', 'anthropic']),
      /** A key typed but not saved yet; absent = the key in effect. */
      value: z.string().trim().max(200).optional(),
    }),
    z.object({
      ok: z.boolean(),
      message: z.string(),
      /** What the plan has left after this call, when the API said. */
      remaining: z.number().int().nullable(),
      limit: z.number().int().nullable(),
      resetAt: z.string().nullable(),
    }),
    'Makes the cheapest real call with a key and reports the quota left.',
  ),
  'database/test-connection': method(
    z.object({ url: z.string().trim().min(1).max(2000) }),
    z.object({
      ok: z.boolean(),
      dialect: z.enum(['sqlite', 'postgres']).nullable(),
      message: z.string(),
    }),
    'Connects to a database without switching to it and says what it found.',
  ),
}
