import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron'
import { EVENT_CHANNEL, EVENT_NAMES, METHOD_NAMES } from '../shared/contract/channels'
import type { DesktopBridge } from '../shared/contract/transport'

const methods = new Set<string>(METHOD_NAMES)
const events = new Set<string>(EVENT_NAMES)

/**
 * The page's only bridge to the app: the contract's methods, its events, and the path of a dropped file.
 * Anything else is refused here, before IPC; main checks the sender and validates every input again.
 */
const bridge = {
  invoke(name: string, input?: unknown): Promise<unknown> {
    if (!methods.has(name)) return Promise.reject(new Error(`Unknown method ${name}.`))
    return ipcRenderer.invoke(name, input)
  },
  on(name: string, listener: (payload: unknown) => void): () => void {
    if (!events.has(name)) throw new Error(`Unknown event ${name}.`)
    const forward = (_event: IpcRendererEvent, message: { name: string; payload: unknown }) => {
      if (message?.name === name) listener(message.payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward)
    }
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file)
  },
} satisfies DesktopBridge

contextBridge.exposeInMainWorld('jobMonitor', bridge)
