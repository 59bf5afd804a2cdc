import type { z } from 'zod'
import { alertMethods } from './alerts'
import { applicationMethods } from './applications'
import { feedMethods } from './feed'
import { planMethods } from './plan'
import { privateFeedMethods } from './private-feed'
import { profileMethods } from './profile'
import { quotaMethods } from './quota'
import { runMethods } from './runs'
import { settingsMethods } from './settings'
import { systemMethods } from './system'

/**
 * The contract: every method the UI can call, declared once. Electron IPC, the HTTP server and direct
 * calls all serve exactly this table; `channels.ts` repeats the names for the sandboxed preload, and a
 * test keeps the two equal.
 */
export const METHODS = {
  ...systemMethods,
  ...profileMethods,
  ...planMethods,
  ...feedMethods,
  ...runMethods,
  ...quotaMethods,
  ...settingsMethods,
  ...alertMethods,
  ...applicationMethods,
  ...privateFeedMethods,
}

export type MethodName = keyof typeof METHODS
export type MethodInput<K extends MethodName> = z.input<(typeof METHODS)[K]['input']>
/** What a handler receives: the input after validation and defaults. */
export type ParsedInput<K extends MethodName> = z.output<(typeof METHODS)[K]['input']>
export type MethodOutput<K extends MethodName> = z.output<(typeof METHODS)[K]['output']>
/** The arguments after the method name: none for a method without input. */
export type CallArgs<K extends MethodName> = MethodInput<K> extends undefined ? [] : [MethodInput<K>]

export type { EventName, EventPayload } from './events'
export { EVENTS } from './events'

/** What every transport gives the renderer: typed calls and disposable event subscriptions. */
export interface JobMonitorApi {
  call<K extends MethodName>(name: K, ...input: CallArgs<K>): Promise<MethodOutput<K>>
  on<E extends import('./events').EventName>(
    event: E,
    listener: (payload: import('./events').EventPayload<E>) => void,
  ): () => void
}

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name)
}
