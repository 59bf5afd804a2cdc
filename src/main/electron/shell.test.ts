import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { METHOD_NAMES } from '../../shared/contract/channels'
import type { Schedule } from '../../shared/contract/runs'

/**
 * The Electron shell with `electron` replaced by recording stand-ins: what the shell asks of Electron
 * (window options, handlers, tray menu, notifications, power events) is asserted here, since no
 * Electron binary can run on these machines.
 */
const electron = vi.hoisted(() => {
  const { EventEmitter } = require('node:events') as typeof import('node:events')
  class FakeWebContents extends EventEmitter {
    mainFrame = { url: 'app://renderer/index.html' }
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
    url = 'app://renderer/index.html'
    sent: unknown[] = []
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler
    }
    getURL() {
      return this.url
    }
    send(channel: string, message: unknown) {
      this.sent.push([channel, message])
    }
  }
  class FakeWindow extends EventEmitter {
    static created: FakeWindow[] = []
    webContents = new FakeWebContents()
    loaded: unknown[] = []
    shown = 0
    constructor(readonly options: Record<string, unknown>) {
      super()
      FakeWindow.created.push(this)
    }
    loadFile(path: string, options?: unknown) {
      this.loaded.push([path, options])
      return Promise.resolve()
    }
    loadURL(url: string) {
      this.loaded.push([url])
      return Promise.resolve()
    }
    isDestroyed() {
      return false
    }
    isMinimized() {
      return false
    }
    show() {
      this.shown += 1
    }
    focus() {}
    restore() {}
  }
  class FakeTray extends EventEmitter {
    static last: FakeTray | undefined
    menu: unknown
    tooltip = ''
    constructor(readonly image: unknown) {
      super()
      FakeTray.last = this
    }
    setToolTip(text: string) {
      this.tooltip = text
    }
    setContextMenu(menu: unknown) {
      this.menu = menu
    }
    setImage() {}
    destroy() {}
  }
  class FakeNotification extends EventEmitter {
    static shown: Array<{ title: string; body: string }> = []
    constructor(readonly options: { title: string; body: string }) {
      super()
    }
    static isSupported() {
      return true
    }
    show() {
      FakeNotification.shown.push(this.options)
    }
  }
  const ipcHandlers = new Map<string, unknown>()
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    quit: vi.fn(),
    exit: vi.fn(),
  })
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()
  const permissions: {
    request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
    check?: (contents: unknown, permission: string) => boolean
  } = {}
  return {
    FakeWindow,
    FakeTray,
    FakeNotification,
    ipcHandlers,
    app,
    protocolHandlers,
    permissions,
    schemes: [] as unknown[],
    powerMonitor: new EventEmitter(),
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
  }
})

vi.mock('electron', () => ({
  app: electron.app,
  BrowserWindow: electron.FakeWindow,
  Tray: electron.FakeTray,
  Notification: electron.FakeNotification,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
  nativeImage: { createFromPath: (path: string) => ({ path, setTemplateImage: () => {} }) },
  nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
  ipcMain: {
    handle: (channel: string, fn: unknown) => electron.ipcHandlers.set(channel, fn),
    removeHandler: (channel: string) => electron.ipcHandlers.delete(channel),
  },
  powerMonitor: electron.powerMonitor,
  protocol: {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      electron.protocolHandlers.set(scheme, handler),
    registerSchemesAsPrivileged: (schemes: unknown[]) => electron.schemes.push(...schemes),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: NonNullable<typeof electron.permissions.request>) => {
        electron.permissions.request = handler
      },
      setPermissionCheckHandler: (handler: NonNullable<typeof electron.permissions.check>) => {
        electron.permissions.check = handler
      },
    },
  },
  safeStorage: {
    getSelectedStorageBackend: () => 'gnome_libsecret',
    isEncryptionAvailable: () => true,
    encryptString: (plain: string) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decryptString: (sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
  },
  shell: electron.shell,
}))

const {
  createMainWindow,
  isOwnFrame,
  mainWindowOptions,
  openExternal,
  registerRendererScheme,
  rendererUrl,
  serveRenderer,
} = await import('./window')
const { trayMenuModel, trayTooltip } = await import('./tray-menu')
const { newJobsMessage } = await import('../core/app/notifications')

beforeEach(() => {
  electron.shell.openExternal.mockClear()
})

describe('the window', () => {
  it('is isolated and sandboxed, with no Node, no webviews and our preload as the only bridge', () => {
    const options = mainWindowOptions('/app/preload/index.cjs')
    expect(options.webPreferences).toEqual({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    })
    const window = createMainWindow('feed') as unknown as InstanceType<typeof electron.FakeWindow>
    expect(window.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true } })
    // From the app's own scheme, never file://.
    expect(window.loaded[0]).toEqual(['app://renderer/index.html#/feed'])
  })

  it('opens no new windows and navigates nowhere: web links go to the system browser, others nowhere', () => {
    const window = createMainWindow() as unknown as InstanceType<typeof electron.FakeWindow>
    expect(window.webContents.windowOpenHandler!({ url: 'https://jobs.example/apply/1' })).toEqual({
      action: 'deny',
    })
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://jobs.example/apply/1')

    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() }
      window.webContents.emit('will-navigate', event, url)
      return event.preventDefault.mock.calls.length > 0
    }
    expect(navigate('https://evil.example/')).toBe(true)
    expect(navigate('app://renderer/index.html#/plan')).toBe(false) // the renderer's own routes
    expect(navigate('file:///etc/passwd')).toBe(true)

    electron.shell.openExternal.mockClear()
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'not a url'])
      openExternal(url)
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
    const attach = { preventDefault: vi.fn() }
    window.webContents.emit('will-attach-webview', attach)
    expect(attach.preventDefault).toHaveBeenCalled()
  })

  it('serves the renderer from its own scheme, and nothing outside the built files', async () => {
    registerRendererScheme({ registerSchemesAsPrivileged: (s) => electron.schemes.push(...s) })
    expect(electron.schemes).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    })
    const root = mkdtempSync(join(tmpdir(), 'jm-renderer-'))
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(root, 'index.html'), '<title>Job Monitor</title>')
    serveRenderer(
      { handle: (scheme, handler) => electron.protocolHandlers.set(scheme, handler as never) },
      root,
    )
    const get = (url: string) => electron.protocolHandlers.get('app')!(new Request(url))
    expect(await (await get('app://renderer/index.html')).text()).toContain('Job Monitor')
    expect((await get('app://renderer/index.html')).headers.get('content-type')).toMatch(/text\/html/)
    for (const outside of [
      'app://renderer/..%2F..%2Fetc%2Fpasswd',
      'app://renderer/%2e%2e/%2e%2e/etc/passwd',
      'app://elsewhere/index.html',
    ])
      expect((await get(outside)).status, outside).toBe(404)
    expect((await get('app://renderer/%E0%A4%A')).status).toBe(400)
    rmSync(root, { recursive: true, force: true })
  })

  it('ignores ELECTRON_RENDERER_URL once packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(rendererUrl('plan', env, false)).toBe('http://localhost:5173#/plan')
    expect(rendererUrl('plan', env, true)).toBe('app://renderer/index.html#/plan')
  })

  it('answers IPC only for its own top frame', () => {
    const window = createMainWindow() as never as Electron.BrowserWindow
    const own = (window as unknown as InstanceType<typeof electron.FakeWindow>).webContents.mainFrame
    expect(isOwnFrame(window, own as never)).toBe(true)
    expect(isOwnFrame(window, { url: 'app://renderer/index.html' } as never)).toBe(false)
    expect(isOwnFrame(undefined, own as never)).toBe(false)
    expect(isOwnFrame(window, null)).toBe(false)
  })
})

const schedule = (change: Partial<Schedule> = {}): Schedule => ({
  time: '06:00',
  timezone: 'Europe/Berlin',
  paused: false,
  nextRunAt: '2026-11-29T05:00:00.000Z',
  running: false,
  lastRun: {
    id: 3,
    kind: 'daily',
    trigger: 'schedule',
    status: 'success',
    startedAt: '2026-11-28T05:00:00.000Z',
    finishedAt: '2026-11-28T05:02:00.000Z',
    requests: 16,
    jobsFetched: 120,
    jobsNew: 12,
    error: null,
    report: null,
    alerts: { sent: 0, failed: 0, held: 0, errors: [] },
  },
  ...change,
})
const now = new Date('2026-11-28T15:00:00.000Z')

describe('the tray menu', () => {
  it('offers Open, Run now, Pause, the next run, the last result and Quit', () => {
    expect(
      trayMenuModel(schedule(), now).map((i) =>
        i.separator ? '—' : `${i.label}${i.action ? ` [${i.action}]` : ''}`,
      ),
    ).toEqual([
      'Open Job Monitor [open]',
      '—',
      'Run daily load now [run-now]',
      'Pause daily schedule [pause]',
      'Next run: tomorrow 06:00',
      'Last load today 06:02: 12 new jobs',
      '—',
      'Quit Job Monitor [quit]',
    ])
    expect(trayTooltip(schedule(), now)).toBe('Job Monitor — Last load today 06:02: 12 new jobs')
  })

  it('disables Run now while a load runs, offers Resume when paused, and tells failures', () => {
    const busy = trayMenuModel(schedule({ running: true }), now)
    expect(busy[2]).toEqual({ label: 'Daily load running…', enabled: false })
    const paused = trayMenuModel(schedule({ paused: true, nextRunAt: null }), now)
    expect(paused.map((i) => i.label)).toContain('Resume daily schedule')
    expect(paused.map((i) => i.label)).toContain('Daily schedule paused')
    const failed = schedule()
    failed.lastRun = { ...failed.lastRun!, status: 'failed', error: 'JSearch key rejected' }
    expect(trayMenuModel(failed, now)[5]!.label).toBe('Last load failed today 06:02: JSearch key rejected')
    expect(trayMenuModel(schedule({ lastRun: null }), now)[5]!.label).toBe('No daily load yet')
    const later = trayMenuModel(schedule({ nextRunAt: '2026-12-02T05:00:00.000Z' }), now)
    expect(later[4]!.label).toBe('Next run: Wed 2 Dec, 06:00')
  })
})

describe('the new-jobs notification', () => {
  it('says how many and for which search, in one line', () => {
    expect(newJobsMessage(12, ['Data Scientist in Berlin'])).toBe('12 new jobs for Data Scientist in Berlin')
    expect(newJobsMessage(1, ['Data Scientist in Berlin'])).toBe('1 new job for Data Scientist in Berlin')
    expect(
      newJobsMessage(30, ['Data Scientist in Berlin', 'ML Engineer in Berlin', 'Data Scientist in Berlin']),
    ).toBe('30 new jobs for Data Scientist in Berlin and 1 more search')
    expect(newJobsMessage(1234, ['A in B', 'C in D', 'E in F'])).toBe(
      '1,234 new jobs for A in B and 2 more searches',
    )
  })
})

describe('the key store', () => {
  it('is not used where it would store keys as text (Linux without a keyring), and says why', async () => {
    const { osEncryptor } = await import('./desktop')
    const storage = (backend: string) => ({
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => backend as never,
      encryptString: (plain: string) => Buffer.from(plain),
      decryptString: (sealed: Buffer) => sealed.toString(),
    })
    const plain = osEncryptor(storage('basic_text'), 'linux')
    expect(plain.isEncryptionAvailable()).toBe(false)
    expect(plain.unavailableReason!()).toMatch(/no keyring/)
    expect(osEncryptor(storage('gnome_libsecret'), 'linux').isEncryptionAvailable()).toBe(true)
    expect(osEncryptor(storage('unknown'), 'darwin').isEncryptionAvailable()).toBe(true)
  })
})

describe('the desktop app', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jm-desktop-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('serves the contract over IPC, sits in the tray, catches up on resume, and stores keys encrypted', async () => {
    const { loadConfig } = await import('../core/config/config')
    const { startDesktop } = await import('./desktop')
    const config = loadConfig({ JOB_MONITOR_DATA_DIR: dataDir }, dataDir)
    const { runtime } = await startDesktop(config)
    try {
      expect([...electron.ipcHandlers.keys()]).toEqual([...METHOD_NAMES])
      const window = electron.FakeWindow.created.at(-1)!
      const invoke = electron.ipcHandlers.get('system/get-status') as (
        e: unknown,
        i: unknown,
      ) => Promise<unknown>
      expect(await invoke({ senderFrame: window.webContents.mainFrame }, undefined)).toMatchObject({
        ok: true,
        result: { mode: 'desktop' },
      })

      const tray = electron.FakeTray.last!
      const labels = (tray.menu as { template: Array<{ label?: string }> }).template.map((i) => i.label)
      expect(labels).toContain('Run daily load now')
      expect(labels.some((l) => l?.startsWith('Next run: '))).toBe(true)

      // Pausing from the tray rebuilds its menu with Resume.
      const pause = (tray.menu as { template: Array<{ label?: string; click?: () => void }> }).template.find(
        (i) => i.label === 'Pause daily schedule',
      )!
      pause.click!()
      await vi.waitFor(() => {
        const now = (tray.menu as { template: Array<{ label?: string }> }).template.map((i) => i.label)
        expect(now).toContain('Resume daily schedule')
      })
      await runtime.ctx.schedule.resume()

      const catchUp = vi.spyOn(runtime.ctx.schedule, 'catchUp')
      electron.powerMonitor.emit('resume')
      expect(catchUp).toHaveBeenCalledTimes(1)

      const update = electron.ipcHandlers.get('settings/update') as (
        e: unknown,
        i: unknown,
      ) => Promise<unknown>
      expect(
        await update(
          { senderFrame: window.webContents.mainFrame },
          { keys: { jsearch: 'plain-text-key' }, startAtLogin: true },
        ),
      ).toMatchObject({ ok: true, result: { canStoreKeys: true, startAtLogin: true } })
      expect(readFileSync(join(dataDir, 'local-settings.json'), 'utf8')).not.toContain('plain-text-key')
      expect(electron.app.setLoginItemSettings).toHaveBeenCalledWith({
        openAtLogin: true,
        args: ['--hidden'],
      })

      // The page may show notifications, and ask for nothing else.
      const granted = (permission: string) =>
        new Promise<boolean>((resolve) => electron.permissions.request!({}, permission, resolve))
      expect(await granted('notifications')).toBe(true)
      for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'])
        expect(await granted(permission), permission).toBe(false)
      expect(electron.permissions.check!({}, 'media')).toBe(false)

      runtime.ctx.platform.notify!({ title: 'Job Monitor', body: '3 new jobs for Nurse in Munich' })
      expect(electron.FakeNotification.shown).toEqual([
        { title: 'Job Monitor', body: '3 new jobs for Nurse in Munich' },
      ])
    } finally {
      await runtime.close()
    }
    expect(readFileSync(join(dataDir, 'logs', 'job-monitor.log'), 'utf8')).toMatch(
      /Job Monitor started \(desktop\)/,
    )
  })
})

describe('the packaged desktop app', () => {
  it('never loads a native module an environment variable names', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jm-packaged-'))
    const { loadConfig } = await import('../core/config/config')
    const { startDesktop } = await import('./desktop')
    electron.app.isPackaged = true
    process.env.JOB_MONITOR_SQLITE_BINDING = join(dataDir, 'planted.node')
    try {
      // Were the variable honoured, opening SQLite would fail on the planted path.
      const { runtime } = await startDesktop(loadConfig({ JOB_MONITOR_DATA_DIR: dataDir }, dataDir))
      expect(runtime.ctx.handle.dialect).toBe('sqlite')
      await runtime.close()
    } finally {
      electron.app.isPackaged = false
      delete process.env.JOB_MONITOR_SQLITE_BINDING
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
