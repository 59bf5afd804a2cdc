import { openAppDatabase } from '../core/app-database'
import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { startHeadlessServer } from '../server/server'
import type { CliIo } from './io'

export interface ServeOptions {
  port: string
  host: string
}

/** `job-monitor serve`: the app in a browser, until Ctrl+C. */
export async function serveCommand(config: AppConfig, options: ServeOptions, io: CliIo): Promise<void> {
  const port = Number(options.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(
      `--port must be a whole number from 0 to 65535, not "${options.port}".`,
      'cli.bad-port',
    )
  }
  const handle = await openAppDatabase(config)
  try {
    const server = await startHeadlessServer({ handle, host: options.host, port, demo: config.demo }).catch(
      (error) => {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EADDRINUSE') {
          throw new UserError(
            `Port ${port} on ${options.host} is in use: pass another --port.`,
            'cli.port-in-use',
          )
        }
        throw error
      },
    )
    io.out(`Job Monitor is running at ${server.url} (database: ${handle.location}). Press Ctrl+C to stop.`)
    await io.untilStopped()
    await server.close()
  } finally {
    await handle.close()
  }
}
