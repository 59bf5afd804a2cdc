import { join } from 'node:path'
import { createStream, type RotatingFileStream } from 'rotating-file-stream'
import { ensurePrivateDir, PRIVATE_FILE } from '../config/private-files'
import { errorMessage } from '../errors'

export interface Logger {
  info(message: string, detail?: unknown): void
  warn(message: string, detail?: unknown): void
  error(message: string, detail?: unknown): void
  close(): Promise<void>
}

export const LOG_FILE = 'job-monitor.log'

/**
 * A log in `<data dir>/logs/`, rotated at 5 MB with the last 5 files kept, so a tray app that runs for
 * months never fills the disk. Errors carry their stack.
 */
export function createFileLogger(
  dataDir: string,
  options: { echo?: boolean; size?: string; maxFiles?: number } = {},
): Logger {
  const dir = join(dataDir, 'logs')
  ensurePrivateDir(dataDir)
  ensurePrivateDir(dir)
  const stream: RotatingFileStream = createStream(LOG_FILE, {
    path: dir,
    mode: PRIVATE_FILE,
    size: options.size ?? '5M',
    maxFiles: options.maxFiles ?? 5,
  })
  stream.on('error', () => {
    // A full disk must not take the app down with it.
  })
  const write = (level: string, message: string, detail?: unknown) => {
    const extra =
      detail === undefined
        ? ''
        : ` ${detail instanceof Error ? (detail.stack ?? errorMessage(detail)) : JSON.stringify(detail)}`
    const line = `${new Date().toISOString()} ${level} ${message}${extra}\n`
    stream.write(line)
    if (options.echo && level !== 'INFO') process.stderr.write(line)
  }
  return {
    info: (message, detail) => write('INFO', message, detail),
    warn: (message, detail) => write('WARN', message, detail),
    error: (message, detail) => write('ERROR', message, detail),
    close: () => new Promise((resolve) => stream.end(resolve)),
  }
}

/** For tests and one-shot CLI commands: keeps lines in memory. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const push = (level: string) => (message: string, detail?: unknown) =>
    lines.push(
      `${level} ${message}${detail === undefined ? '' : ` ${detail instanceof Error ? detail.message : JSON.stringify(detail)}`}`,
    )
  return { lines, info: push('INFO'), warn: push('WARN'), error: push('ERROR'), close: async () => {} }
}

/** A log that keeps nothing and hands warnings and errors to `write` (a command's stderr, under DEBUG). */
export function forwardingLogger(write: (line: string) => void): Logger {
  const forward = (level: string) => (message: string, detail?: unknown) =>
    write(`${level} ${message}${detail instanceof Error ? ` ${detail.stack ?? detail.message}` : ''}`)
  return { info: () => {}, warn: forward('WARN'), error: forward('ERROR'), close: async () => {} }
}
