import type {
  CallArgs,
  EventName,
  EventPayload,
  JobMonitorApi,
  MethodName,
  MethodOutput,
} from '../../../shared/contract'

import type { DesktopBridge, Envelope } from '../../../shared/contract/transport'

export type { DesktopBridge }

declare global {
  interface Window {
    jobMonitor?: DesktopBridge
  }
}

/** An error the app answered with: its message is meant for the person. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

/**
 * An error in the words a person reads: the contract's refusals name a field, not a method and a path
 * ("Invalid input for settings/update: schedule.time: …" becomes "Not saved — time: …"), and our own bugs
 * say where the details are instead of a stack's first line.
 */
export function friendlyError(error: unknown): string {
  if (!(error instanceof AppError)) return (error as Error)?.message ?? String(error)
  if (error.code === 'contract.bad-input') {
    const m = /^Invalid input for [^:]+: (?:([\w.]+): )?(.*)$/.exec(error.message)
    if (!m) return 'Not saved: a value is not accepted.'
    const field = m[1]
      ?.split('.')
      .at(-1)
      ?.replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
    const reason = m[2]!.replace(/^./, (c) => c.toUpperCase()).replace(/\.+$/, '.')
    return field ? `Not saved — ${field}: ${reason}` : `Not saved: ${reason}`
  }
  if (error.code === 'internal')
    return 'Something went wrong inside the app; the details are in its log. Try again.'
  return error.message
}

/** Sends one call and returns the raw answer, however this window reaches the app. */
export interface Transport {
  send(name: MethodName, input: unknown): Promise<unknown>
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void
}

export function ipcTransport(bridge: DesktopBridge): Transport {
  return {
    async send(name, input) {
      const envelope = (await bridge.invoke(name, input)) as Envelope
      if (!envelope.ok) throw new AppError(envelope.error.message, envelope.error.code)
      return envelope.result
    },
    subscribe: (name, listener) => bridge.on(name, listener),
  }
}

/**
 * HTTP to the headless server (the token is in a same-site cookie), events over one shared EventSource
 * that opens with the first subscription and closes with the last.
 */
export function httpTransport(base = ''): Transport {
  let source: EventSource | undefined
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const onMessage = (event: MessageEvent<string>) => {
    for (const listener of listeners.get(event.type) ?? []) listener(JSON.parse(event.data))
  }
  return {
    async send(name, input) {
      const response = await fetch(`${base}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? null),
        credentials: 'same-origin',
      })
      let body: { result?: unknown; error?: { message: string; code: string } }
      try {
        body = await response.json()
      } catch {
        throw new AppError(
          `The app answered ${response.status} without a readable body; reload the page.`,
          'http',
        )
      }
      if (!response.ok || body.error) {
        throw new AppError(
          body.error?.message ?? `The app answered ${response.status}.`,
          body.error?.code ?? 'http',
        )
      }
      return body.result
    },
    subscribe(name, listener) {
      source ??= new EventSource(`${base}/api/events`)
      let set = listeners.get(name)
      if (!set) {
        set = new Set()
        listeners.set(name, set)
        source.addEventListener(name, onMessage as EventListener)
      }
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0) {
          listeners.delete(name)
          source?.removeEventListener(name, onMessage as EventListener)
        }
        if (listeners.size === 0) {
          source?.close()
          source = undefined
        }
      }
    },
  }
}

/**
 * The typed contract over a transport: the renderer calls `api.call('feed/list', …)` and never knows
 * whether IPC or HTTP carried it. The app checks every answer against the contract's output schema before
 * it sends it (core/app/dispatch.ts), so the window takes the types on trust and carries no schema code:
 * zod stays out of the first page's script.
 */
export function createApi(transport: Transport): JobMonitorApi {
  return {
    async call<K extends MethodName>(name: K, ...input: CallArgs<K>) {
      return (await transport.send(name, input[0])) as MethodOutput<K>
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return transport.subscribe(event, listener as (payload: unknown) => void)
    },
  }
}

export const api: JobMonitorApi = createApi(
  typeof window !== 'undefined' && window.jobMonitor ? ipcTransport(window.jobMonitor) : httpTransport(),
)
