import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { SOURCES } from '../../../shared/domain'
import { ensurePrivateDir } from './private-files'

/**
 * What belongs to this machine rather than to the (possibly shared) database: who uses this app, keys
 * (encrypted), the database to open next time, and the app's own switches. One JSON file in the data dir.
 */
const localSchema = z.object({
  userEmail: z.string().nullable().default(null),
  /** base64 of the OS-encrypted key, per key name. Never the key itself. */
  encryptedKeys: z.record(z.string(), z.string()).default({}),
  sourcesEnabled: z.partialRecord(z.enum(SOURCES), z.boolean()).default({}),
  databaseUrl: z.string().nullable().default(null),
  startAtLogin: z.boolean().default(false),
  notifications: z.boolean().default(true),
  schedulePaused: z.boolean().default(false),
  /** Notify only about new jobs with at least this fit (0: all); jobs at watched companies always. */
  notifyMinFit: z.number().int().min(0).max(100).default(0),
  /** The value of one unit of each currency in one base (the salary filter compares across them). */
  currencyRates: z.record(z.string(), z.number().positive()).default({}),
  /** Claude's second opinion of the day's best new jobs: off unless turned on, at most `perDay` a day. */
  opinions: z
    .object({ enabled: z.boolean().default(false), perDay: z.number().int().min(1).max(50).default(5) })
    .default({ enabled: false, perDay: 5 }),
  blocklist: z
    .object({ titles: z.array(z.string()).default([]), companies: z.array(z.string()).default([]) })
    .default({ titles: [], companies: [] }),
})
export type LocalSettings = z.infer<typeof localSchema>

export const LOCAL_SETTINGS_FILE = 'local-settings.json'

export function localSettingsPath(dataDir: string): string {
  return join(dataDir, LOCAL_SETTINGS_FILE)
}

/** Reads the file; a missing or unreadable one gives the defaults (and is rewritten on the next save). */
export function readLocalSettings(dataDir: string): LocalSettings {
  const file = localSettingsPath(dataDir)
  if (!existsSync(file)) return localSchema.parse({})
  try {
    const parsed = localSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : localSchema.parse({})
  } catch {
    return localSchema.parse({})
  }
}

export class LocalStore {
  private value: LocalSettings

  constructor(private readonly dataDir: string) {
    this.value = readLocalSettings(dataDir)
  }

  get(): LocalSettings {
    return this.value
  }

  /** Saves a change atomically (write, then rename): a crash never leaves half a file. */
  update(change: Partial<LocalSettings>): LocalSettings {
    const next = localSchema.parse({ ...this.value, ...change })
    const file = localSettingsPath(this.dataDir)
    ensurePrivateDir(dirname(file))
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
    renameSync(temporary, file)
    this.value = next
    return next
  }
}
