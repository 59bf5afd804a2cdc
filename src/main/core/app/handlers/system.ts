import { systemStatus } from '../../system-status'
import type { AppContext } from '../context'
import type { HandlerGroup } from './types'

export function systemHandlers(ctx: AppContext): HandlerGroup<'system/get-status'> {
  return {
    'system/get-status': () => systemStatus(ctx.handle, { demo: ctx.config.demo, mode: ctx.mode }),
  }
}
