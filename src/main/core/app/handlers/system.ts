import { SOURCES } from '../../../../shared/domain'
import { statusSummary } from '../../status-summary'
import { systemStatus } from '../../system-status'
import { type AppContext, availableKey, enabledSourceIds } from '../app-context'
import type { HandlerGroup } from './types'

export function systemHandlers(
  ctx: AppContext,
): HandlerGroup<'system/get-status' | 'system/switch-demo' | 'system/get-summary'> {
  return {
    'system/get-status': () => systemStatus(ctx.handle, { demo: ctx.config.demo, mode: ctx.mode }),
    'system/get-summary': async () =>
      statusSummary({
        handle: ctx.handle,
        clock: ctx.clock,
        enabled: enabledSourceIds(ctx),
        // The demo's sources need no key.
        hasKey: Object.fromEntries(
          SOURCES.map((s) => [s, ctx.config.demo || availableKey(ctx, s) !== undefined]),
        ) as Record<(typeof SOURCES)[number], boolean>,
        schedule: await ctx.schedule.time(),
      }),
    'system/switch-demo': async ({ demo }) => {
      if (demo === ctx.config.demo) {
        return {
          restarting: false,
          message: demo ? 'This is the demo already.' : 'This is your own data already.',
        }
      }
      if (!ctx.platform.relaunch) {
        return {
          restarting: false,
          message: demo
            ? 'Start the server again with --demo (job-monitor serve --demo, or JOB_MONITOR_DEMO=1) to try the demo.'
            : 'Start the server again without --demo (and without JOB_MONITOR_DEMO) to use your own data.',
        }
      }
      // Answer first, then restart: the window reloads into the other data set.
      setTimeout(() => ctx.platform.relaunch!({ demo }), 100)
      return { restarting: true, message: demo ? 'Opening the demo…' : 'Opening your own data…' }
    },
  }
}
