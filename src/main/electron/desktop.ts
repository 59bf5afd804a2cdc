import {
  app,
  type BrowserWindow,
  ipcMain,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
} from 'electron'
import type { AppRuntime } from '../core/app/runtime'
import { createAppRuntime } from '../core/app/runtime'
import type { Encryptor } from '../core/app/secrets'
import type { AppConfig } from '../core/config/config'
import { forwardEvents, registerIpc } from './ipc'
import { createTray } from './tray'
import type { TrayAction } from './tray-menu'
import { createMainWindow, isOwnFrame, lockDownSession, serveRenderer, showRoute } from './window'

/** How the app is started at login: with this flag, so it opens in the tray without a window. */
export const HIDDEN_FLAG = '--hidden'

/**
 * The OS key store, as far as it really encrypts. On Linux without a keyring (no Secret Service, no
 * KWallet) Electron falls back to `basic_text`: a fixed, public key — obfuscation, not encryption. Keys
 * are then not stored at all; they come from the environment, and Settings says why.
 */
export function osEncryptor(
  storage: Pick<
    typeof safeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  >,
  platform = process.platform,
): Encryptor {
  const plainText = () => platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text'
  return {
    isEncryptionAvailable: () => storage.isEncryptionAvailable() && !plainText(),
    unavailableReason: () =>
      plainText()
        ? 'this system has no keyring (Secret Service or KWallet), so keys could only be stored as text'
        : undefined,
    encryptString: (plain) => storage.encryptString(plain),
    decryptString: (sealed) => storage.decryptString(sealed),
  }
}

/**
 * The desktop app: the runtime behind IPC, one window, the tray and the schedule. Closing the window
 * leaves the app in the tray; Quit in the tray ends it.
 */
export async function startDesktop(config: AppConfig): Promise<{ focus(): void; runtime: AppRuntime }> {
  let window: BrowserWindow | undefined
  let quitting = false

  const open = (route = '') => {
    if (!window || window.isDestroyed()) {
      window = createMainWindow(route)
      window.on('closed', () => {
        window = undefined
      })
      return
    }
    if (route) showRoute(window, route)
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  lockDownSession(session.defaultSession)
  serveRenderer(protocol)
  const runtime: AppRuntime = await createAppRuntime({
    config,
    mode: 'desktop',
    encryptor: osEncryptor(safeStorage),
    // `npm start` builds better-sqlite3 for Electron's ABI beside the Node build and says where; a
    // packaged app has it rebuilt in place and never loads a native module an environment variable names.
    sqliteNativeBinding: app.isPackaged ? undefined : process.env.JOB_MONITOR_SQLITE_BINDING,
    platform: {
      notify: ({ title, body }) => {
        if (!Notification.isSupported()) return
        const notice = new Notification({ title, body })
        notice.on('click', () => open('feed'))
        notice.show()
      },
      setStartAtLogin: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] }),
      relaunch: ({ demo }) => {
        const args = process.argv.slice(1).filter((arg) => arg !== '--demo')
        app.relaunch({ args: demo ? [...args, '--demo'] : args })
        app.quit()
      },
    },
  })
  const { ctx, handlers } = runtime

  registerIpc(ipcMain, handlers, (event) => isOwnFrame(window, event.senderFrame), ctx.log)
  forwardEvents(ctx.events, () => (window && !window.isDestroyed() ? window.webContents : undefined))

  const onTray = (action: TrayAction) => {
    switch (action) {
      case 'open':
        return open()
      case 'run-now':
        try {
          ctx.daily.start('tray')
        } catch (error) {
          ctx.platform.notify?.({ title: 'Job Monitor', body: (error as Error).message })
        }
        return open('runs')
      case 'pause':
        return void ctx.schedule.pause()
      case 'resume':
        return void ctx.schedule.resume()
      case 'quit':
        return app.quit()
    }
  }
  const tray = createTray(onTray, ctx.clock)
  const refreshTray = async () => tray.update(await ctx.schedule.state())
  ctx.events.on('schedule/changed', (schedule) => tray.update(schedule))
  ctx.events.on('run/progress', () => void refreshTray())
  ctx.events.on('run/finished', () => void refreshTray())

  // A laptop that slept through 06:00 loads the missed day when it wakes.
  powerMonitor.on('resume', () => void ctx.schedule.catchUp())

  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    tray.destroy()
    runtime.close().finally(() => app.exit(0))
  })
  app.on('activate', () => open())

  await ctx.schedule.start()
  await refreshTray()
  const opensHidden = process.argv.includes(HIDDEN_FLAG) || app.getLoginItemSettings().wasOpenedAtLogin
  if (!opensHidden) open()
  return { focus: () => open(), runtime }
}
