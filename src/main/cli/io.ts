/** Where a command writes and what it reads: the real process in production, buffers in tests. */
export interface CliIo {
  env: NodeJS.ProcessEnv
  cwd: string
  out(line: string): void
  err(line: string): void
  /** Resolves when the process is asked to stop (Ctrl+C); long-running commands wait on it. */
  untilStopped(): Promise<void>
}

export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    untilStopped: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      }),
  }
}
