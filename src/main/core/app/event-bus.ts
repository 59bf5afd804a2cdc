import { EVENTS, type EventName, type EventPayload } from '../../../shared/contract'

type Listener = (name: EventName, payload: unknown) => void

/**
 * The app's typed events. Emitters validate their payload against the contract; the transports
 * (IPC to the window, server-sent events) subscribe to everything and forward it. Every subscription
 * returns its own unsubscribe.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = EVENTS[name].parse(payload)
    for (const listener of [...this.listeners]) {
      try {
        listener(name, parsed)
      } catch {
        // One broken subscriber (a closed window) must not stop the others.
      }
    }
  }

  onAny(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.onAny((event, payload) => {
      if (event === name) listener(payload as EventPayload<E>)
    })
  }

  get size(): number {
    return this.listeners.size
  }
}
