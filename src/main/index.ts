import { app, type BrowserWindow, dialog, ipcMain } from 'electron'
import { SYSTEM_STATUS_CHANNEL } from '../shared/system'
import { openAppDatabase } from './core/app-database'
import { loadConfig } from './core/config/config'
import type { DbHandle } from './core/db/open'
import { errorMessage } from './core/errors'
import { systemStatus } from './core/system-status'
import { createMainWindow, isOwnFrame } from './window'

/**
 * The Electron shell: one window over the core. Everything here is a few lines that call the core,
 * which the tests cover without Electron.
 */
let mainWindow: BrowserWindow | undefined
let handle: DbHandle | undefined

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.whenReady().then(start, fail)
}

async function start(): Promise<void> {
  const config = loadConfig()
  // `npm start` builds better-sqlite3 for Electron's ABI beside the Node build the CLI and tests use.
  handle = await openAppDatabase(config, { sqliteNativeBinding: process.env.JOB_MONITOR_SQLITE_BINDING })
  const db = handle

  ipcMain.handle(SYSTEM_STATUS_CHANNEL, (event) => {
    if (!isOwnFrame(mainWindow, event.senderFrame)) throw new Error('Refused: not the Job Monitor window.')
    return systemStatus(db, config.demo)
  })

  mainWindow = createMainWindow()
  mainWindow.on('closed', () => {
    mainWindow = undefined
  })
  app.on('activate', () => {
    mainWindow ??= createMainWindow()
  })
}

function fail(error: unknown): void {
  dialog.showErrorBox('Job Monitor cannot start', errorMessage(error))
  app.exit(1)
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => {
  void handle?.close()
})
