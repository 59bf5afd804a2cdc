import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../core/app/event-bus'

const HEARTBEAT_MS = 20_000

/**
 * One server-sent-events stream: every app event as `event: <name>` with its JSON payload, a comment
 * every 20 s so proxies keep it open, and the subscription dropped as soon as the browser goes away.
 * Returns a function that closes it (used when the server stops).
 */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  events: EventBus,
  onClosed: (close: () => void) => void,
): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.write('retry: 3000\n: connected\n\n')
  const unsubscribe = events.onAny((name, payload) => {
    res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
  })
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    unsubscribe()
    res.end()
    onClosed(close)
  }
  req.on('close', close)
  return close
}
