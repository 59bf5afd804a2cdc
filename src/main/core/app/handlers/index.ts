import type { AppContext } from '../app-context'
import { alertHandlers } from './alerts'
import { applicationHandlers } from './applications'
import { feedHandlers } from './feed'
import { planHandlers } from './plan'
import { privateFeedHandlers } from './private-feed'
import { profileHandlers } from './profile'
import { quotaHandlers } from './quota'
import { runHandlers } from './runs'
import { settingsHandlers } from './settings'
import { systemHandlers } from './system'
import type { Handlers } from './types'

export type { Handlers } from './types'

/** The one table of handlers that Electron IPC, the HTTP server and direct calls all serve. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    ...systemHandlers(ctx),
    ...profileHandlers(ctx),
    ...planHandlers(ctx),
    ...feedHandlers(ctx),
    ...runHandlers(ctx),
    ...quotaHandlers(ctx),
    ...settingsHandlers(ctx),
    ...alertHandlers(ctx),
    ...applicationHandlers(ctx),
    ...privateFeedHandlers(ctx),
  }
}
