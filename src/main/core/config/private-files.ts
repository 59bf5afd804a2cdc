import { chmodSync, mkdirSync } from 'node:fs'

/**
 * The data folder holds CV text, emails and the saved database URL: on systems with file modes it is
 * readable by its owner only (0700), and so are the database, the log and the settings in it (0600).
 * Windows keeps a user's app data private by its own ACLs.
 */
export const PRIVATE_FILE = 0o600
export const PRIVATE_DIR = 0o700

/** Creates a folder of the app's (and its parents) private to this user; an existing one is made so. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR })
  restrict(dir, PRIVATE_DIR)
}

/** Makes a file the app created private to this user. */
export function restrict(path: string, mode = PRIVATE_FILE): void {
  if (process.platform === 'win32') return
  try {
    chmodSync(path, mode)
  } catch {
    // A file on a file system without modes (a mounted share): nothing to tighten.
  }
}
