import { contextBridge, ipcRenderer } from 'electron'
import { SYSTEM_STATUS_CHANNEL } from '../shared/system'

/** Only the app's own methods can be invoked from the page; anything else is refused here, before IPC. */
const CHANNELS = new Set<string>([SYSTEM_STATUS_CHANNEL])

contextBridge.exposeInMainWorld('jobMonitor', {
  invoke(channel: string, input?: unknown): Promise<unknown> {
    if (!CHANNELS.has(channel)) return Promise.reject(new Error(`Unknown method ${channel}.`))
    return ipcRenderer.invoke(channel, input)
  },
})
