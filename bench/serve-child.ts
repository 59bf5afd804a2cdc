import { spawn } from 'node:child_process'

/** `job-monitor serve` from the build, as a child process: resolves with its origin once it printed it. */
export async function startServeChild(
  env: NodeJS.ProcessEnv,
): Promise<{ origin: string; startedAt: number; stop(): Promise<void> }> {
  const startedAt = performance.now()
  const child = spawn(process.execPath, ['out/main/cli.js', 'serve', '--port', '0', '--no-schedule'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const origin = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /running at (http:\/\/[^/\s]+)\//.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)))
  })
  return {
    origin,
    startedAt,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
