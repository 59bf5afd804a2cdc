import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, shell } from 'electron'

const here = fileURLToPath(new URL('.', import.meta.url))

/**
 * The one app window: isolated, sandboxed, no Node in the page, no navigation away from our renderer,
 * and links to the web opened in the system browser (http and https only).
 */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Job Monitor',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) {
      event.preventDefault()
      openExternal(url)
    }
  })
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) void window.loadURL(devUrl)
  else void window.loadFile(join(here, '../renderer/index.html'))
  return window
}

export function openExternal(url: string): void {
  try {
    const { protocol } = new URL(url)
    if (protocol === 'http:' || protocol === 'https:') void shell.openExternal(url)
  } catch {
    // Not a URL: nothing to open.
  }
}

/** IPC is answered only for our own window's top frame, never for anything else that got a channel name. */
export function isOwnFrame(window: BrowserWindow | undefined, sender: Electron.WebFrameMain | null): boolean {
  return !!window && !window.isDestroyed() && sender !== null && sender === window.webContents.mainFrame
}
