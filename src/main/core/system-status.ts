import type { SystemStatus } from '../../shared/contract/system'
import { APP_NAME, APP_VERSION } from '../../shared/version'
import { appliedMigrations, knownMigrations, pendingMigrations } from './db/migrate'
import type { DbHandle } from './db/open'

export async function systemStatus(
  handle: DbHandle,
  options: { demo: boolean; mode: SystemStatus['mode'] },
): Promise<SystemStatus> {
  const [applied, pending] = await Promise.all([appliedMigrations(handle.db), pendingMigrations(handle)])
  return {
    app: APP_NAME,
    version: APP_VERSION,
    demo: options.demo,
    mode: options.mode,
    database: {
      dialect: handle.dialect,
      location: handle.location,
      migrations: applied.length,
      pending: pending.length,
      known: knownMigrations().length,
      latest: applied.at(-1) ?? null,
      appliedOnOpen: handle.appliedOnOpen ?? [],
    },
    notices: handle.notices ?? [],
  }
}
