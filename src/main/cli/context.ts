import { openAppDatabase } from '../core/app/app-database'
import { createSources } from '../core/app/create-sources'
import { settingsReachStore } from '../core/backfill/backfill-reach'
import { systemClock } from '../core/clock'
import type { AppConfig } from '../core/config/config'
import { readLocalSettings } from '../core/config/local-settings'
import type { ClaudeOptions } from '../core/cv/claude-parser'
import type { DbHandle } from '../core/db/open'
import type { SourceId } from '../core/db/schema'
import { demoEpoch } from '../core/demo/demo-seed'
import { UserError } from '../core/errors'
import { ledgerWriter } from '../core/quota/ledger'
import { findUserByEmail } from '../core/repos/users-repo'
import type { JobSource } from '../core/sources/job-source'
import type { CliIo } from './io'

/**
 * Opens (and migrates) the database for one command and always closes it; what opening it had to say
 * (a database file that was gone and is new) goes to stderr. `readOnly`: a command that only reads works
 * on a database it cannot write.
 */
export async function withDatabase<T>(
  config: AppConfig,
  io: CliIo,
  work: (handle: DbHandle) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const handle = await openAppDatabase(config, { readOnlyFallback: options.readOnly })
  for (const notice of handle.notices ?? []) io.err(notice)
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

/**
 * The sources that have a key and are switched on: the app's switches (Settings → Job sources) are kept in
 * this machine's local settings, which the CLI reads too, so both call the same sources.
 */
export function enabledSources(config: AppConfig): SourceId[] {
  const switched = readLocalSettings(config.dataDir).sourcesEnabled
  const on = (source: SourceId) => switched[source] !== false
  if (config.demo) return (['jsearch', 'activejobs'] as const).filter(on)
  return [
    ...(config.jsearchApiKey && on('jsearch') ? ['jsearch' as const] : []),
    ...(config.activeJobsApiKey && on('activejobs') ? ['activejobs' as const] : []),
  ]
}

/** The sources of a command's runs, writing every call to the ledger under the run's id. */
export async function sourcesForRuns(
  config: AppConfig,
  handle: DbHandle,
): Promise<(runId: number) => JobSource[]> {
  const epoch = config.demo ? await demoEpoch(handle) : undefined
  return (runId) =>
    createSources(config, {
      clock: systemClock,
      onCall: ledgerWriter(handle.db, runId),
      demoEpoch: epoch,
      reach: settingsReachStore(handle.db, systemClock),
    })
}

/** The person with this email, or one line saying how to make them: the CLI's answer to an unknown --email. */
export async function requireUserByEmail(
  db: DbHandle['db'],
  email: string,
  code: string,
): Promise<NonNullable<Awaited<ReturnType<typeof findUserByEmail>>>> {
  const user = await findUserByEmail(db, email)
  if (!user)
    throw new UserError(
      `Nobody with the email ${email} has a plan yet: import a CV with "job-monitor cv add FILE --email ${email}".`,
      code,
    )
  return user
}
