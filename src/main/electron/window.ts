import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  app,
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  type Protocol,
  type Session,
  shell,
} from 'electron'
import { isWebLink } from '../../shared/links'

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

/**
 * The renderer's own scheme: the page is `app://renderer/index.html`, served from the built files by
 * `serveRenderer`, never from `file://` (which would let the page read any file's URL it can name).
 */
export const RENDERER_SCHEME = 'app'
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://renderer`

/** Must run before the app is ready: the scheme behaves like https (standard, secure, fetch allowed). */
export function registerRendererScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/** Answers `app://renderer/<path>` with the built renderer's files, and nothing outside them. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, root = join(here, '../renderer')): void {
  const base = resolve(root)
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const url = new URL(request.url)
    let path: string
    try {
      path = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '')
    } catch {
      return new Response('Bad path', { status: 400 })
    }
    const target = resolve(base, path || 'index.html')
    if (url.host !== 'renderer' || !(target === base || target.startsWith(base + sep)))
      return new Response('Not found', { status: 404 })
    try {
      return new Response(await readFile(target), {
        headers: { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}

/** The one permission the page may have is to show notifications; camera, microphone, location… never. */
export function lockDownSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
) {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'notifications'),
  )
  session.setPermissionCheckHandler((_contents, permission) => permission === 'notifications')
}

/**
 * Where the renderer is loaded from: the dev server while developing (`ELECTRON_RENDERER_URL`, set by
 * electron-vite), else the app's own scheme. A packaged app ignores the variable: nobody can point an
 * installed app at another page by setting it.
 */
export function rendererUrl(
  route: string,
  env: NodeJS.ProcessEnv = process.env,
  packaged = app.isPackaged,
): string {
  const devUrl = env.ELECTRON_RENDERER_URL
  if (devUrl && !packaged) return `${devUrl}#/${route}`
  return `${RENDERER_ORIGIN}/index.html#/${route}`
}

/** Loads the renderer at a route (the part after `#/`). */
export function showRoute(window: BrowserWindow, route: string): void {
  void window.loadURL(rendererUrl(route))
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

export { isWebLink }

/** IPC is answered only for our own window's top frame, never for anything else that got a channel name. */
export function isOwnFrame(window: BrowserWindow | undefined, sender: Electron.WebFrameMain | null): boolean {
  return !!window && !window.isDestroyed() && sender !== null && sender === window.webContents.mainFrame
}
