import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'Job Monitor'

/**
 * The OS user-data dir, the same folder Electron's `app.getPath('userData')` gives the desktop app,
 * so the CLI, the headless server and the desktop app find one SQLite file.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir()
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME)
}
