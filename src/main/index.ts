import { app, dialog, protocol } from 'electron'
import { loadConfig } from './core/config/config'
import { errorMessage } from './core/errors'
import { startDesktop } from './electron/desktop'
import { registerRendererScheme } from './electron/window'

// The renderer's own scheme must be declared before the app is ready.
registerRendererScheme(protocol)

/**
 * The Electron entry: one instance per user (a second launch focuses the first), then the desktop app.
 * The app lives in the tray, so closing every window does not quit it.
 */
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let desktop: { focus(): void } | undefined
  app.on('second-instance', () => desktop?.focus())
  app.on('window-all-closed', () => {
    // Stay in the tray: the daily load still runs at its time.
  })
  app
    .whenReady()
    // `npm start -- --demo` (or the demo button, which relaunches with it): the bundled demo data set.
    .then(() =>
      startDesktop(
        loadConfig(process.argv.includes('--demo') ? { ...process.env, JOB_MONITOR_DEMO: '1' } : process.env),
      ),
    )
    .then(
      (started) => {
        desktop = started
      },
      (error: unknown) => {
        dialog.showErrorBox('Job Monitor cannot start', errorMessage(error))
        app.exit(1)
      },
    )
}
