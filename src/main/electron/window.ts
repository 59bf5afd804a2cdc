import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, type BrowserWindowConstructorOptions, shell } from 'electron'

const here = fileURLToPath(new URL('.', import.meta.url))

/**
 * The one app window's options: isolated, sandboxed, no Node in the page, no webview, and the preload
 * (which exposes the contract and nothing else) as the page's only bridge to the app.
 */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Job Monitor',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  }
}

/**
 * Opens the window at a route of the renderer (`feed`, `plan`, …). Navigation away from our page and new
 * windows are refused; web links go to the system browser (http and https only).
 */
export function createMainWindow(route = ''): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')))
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!sameDocument(url, window.webContents.getURL())) {
      event.preventDefault()
      openExternal(url)
    }
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  showRoute(window, route)
  return window
}

/** Loads the renderer at a route (the part after `#/`). */
export function showRoute(window: BrowserWindow, route: string): void {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) void window.loadURL(`${devUrl}#/${route}`)
  else void window.loadFile(join(here, '../renderer/index.html'), { hash: `/${route}` })
}

/** The same page with another `#route`: the renderer's own navigation, which stays in the window. */
export function sameDocument(target: string, current: string): boolean {
  try {
    const a = new URL(target)
    const b = new URL(current)
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname
  } catch {
    return false
  }
}

export function openExternal(url: string): void {
  if (isWebLink(url)) void shell.openExternal(url)
}

export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/** IPC is answered only for our own window's top frame, never for anything else that got a channel name. */
export function isOwnFrame(window: BrowserWindow | undefined, sender: Electron.WebFrameMain | null): boolean {
  return !!window && !window.isDestroyed() && sender !== null && sender === window.webContents.mainFrame
}
