import { SYSTEM_STATUS_CHANNEL, type SystemStatus, systemStatusSchema } from '../../shared/system'

/** What the preload exposes in the desktop app; absent in a browser talking to the headless server. */
interface DesktopBridge {
  invoke(channel: string, input?: unknown): Promise<unknown>
}

declare global {
  interface Window {
    jobMonitor?: DesktopBridge
  }
}

/**
 * Calls a method of the app over whichever transport this window has: Electron IPC through the
 * preload, or HTTP to the headless server. The renderer never knows which.
 */
async function call(channel: string, input?: unknown): Promise<unknown> {
  if (window.jobMonitor) return window.jobMonitor.invoke(channel, input)
  const response = await fetch(`/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input ?? null),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (!response.ok || body.error)
    throw new Error(body.error?.message ?? `The app answered ${response.status}.`)
  return body.result
}

export async function getSystemStatus(): Promise<SystemStatus> {
  return systemStatusSchema.parse(await call(SYSTEM_STATUS_CHANNEL))
}
