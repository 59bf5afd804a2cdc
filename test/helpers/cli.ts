import type { CliIo } from '../../src/main/cli/io'
import { runCli } from '../../src/main/cli/program'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `job-monitor …` in-process with its own environment, capturing what it prints. */
export async function cli(args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<CliResult> {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    untilStopped: () => Promise.resolve(),
  }
  const code = await runCli(args, io)
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}
