import { useCallback, useEffect, useRef, useState } from 'react'
import type { CallArgs, EventName, EventPayload, MethodName, MethodOutput } from '../../../shared/contract'
import { api } from './client'

export type Loaded<T> =
  | { state: 'loading'; data?: T }
  | { state: 'ready'; data: T }
  | { state: 'error'; message: string; data?: T }

/**
 * Calls a method when the component mounts (and when `key` changes); `reload` calls it again and keeps
 * the old data on screen while the new answer is on its way, so nothing jumps.
 */
export function useCall<K extends MethodName>(
  name: K,
  args: CallArgs<K>,
  key = '',
): Loaded<MethodOutput<K>> & { reload(): Promise<void> } {
  const [loaded, setLoaded] = useState<Loaded<MethodOutput<K>>>({ state: 'loading' })
  const argsRef = useRef(args)
  argsRef.current = args
  const generation = useRef(0)
  const reload = useCallback(async () => {
    const mine = ++generation.current
    try {
      const data = await api.call(name, ...argsRef.current)
      if (mine === generation.current) setLoaded({ state: 'ready', data })
    } catch (error) {
      if (mine === generation.current)
        setLoaded((old) => ({ state: 'error', message: (error as Error).message, data: old.data }))
    }
  }, [name])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the caller's way to say the input changed
  useEffect(() => {
    void reload()
  }, [reload, key])
  return { ...loaded, reload }
}

/** Subscribes to an app event for the component's lifetime. */
export function useEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const ref = useRef(listener)
  ref.current = listener
  useEffect(() => api.on(name, (payload) => ref.current(payload)), [name])
}

/** Runs an action, tracking whether it is busy and the last error, for buttons and forms. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true)
      setError(null)
      try {
        return await action(...args)
      } catch (e) {
        setError((e as Error).message)
        return undefined
      } finally {
        setBusy(false)
      }
    },
    [action],
  )
  return { run, busy, error, setError }
}
