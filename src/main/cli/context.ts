import { openAppDatabase } from '../core/app-database'
import type { AppConfig } from '../core/config/config'
import type { ClaudeOptions } from '../core/cv/claude-parser'
import type { DbHandle } from '../core/db/open'
import type { SourceId } from '../core/db/schema'

/** Opens (and migrates) the database for one command and always closes it. */
export async function withDatabase<T>(config: AppConfig, work: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openAppDatabase(config)
  try {
    return await work(handle)
  } finally {
    await handle.close()
  }
}

export function claudeOptions(config: AppConfig): ClaudeOptions | undefined {
  if (!config.anthropicApiKey) return undefined
  return { apiKey: config.anthropicApiKey, baseUrl: config.anthropicBaseUrl, model: config.anthropicModel }
}

/** The sources that have a key. */
export function enabledSources(config: AppConfig): SourceId[] {
  return [
    ...(config.jsearchApiKey ? ['jsearch' as const] : []),
    ...(config.activeJobsApiKey ? ['activejobs' as const] : []),
  ]
}
