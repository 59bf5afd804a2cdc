import { createAppRuntime } from '../core/app'
import { privateFeed } from '../core/app/private-feed'
import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { isLoopback } from '../server/auth'
import { startHeadlessServer } from '../server/server'
import type { CliIo } from './io'

export interface ServeOptions {
  port: string
  host: string
  schedule: boolean
  /** Needed to listen on anything but loopback. */
  allowRemote?: boolean
  /** Names the server is reached by besides its address (a reverse proxy's). */
  publicHost?: string[]
}

/**
 * `job-monitor serve`: the whole app in a browser until Ctrl+C — the contract over HTTP and SSE, and the
 * daily schedule, so a home server can be the always-on instance that desktops share a database with.
 */
export async function serveCommand(config: AppConfig, options: ServeOptions, io: CliIo): Promise<void> {
  const port = Number(options.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(
      `--port must be a whole number from 0 to 65535, not "${options.port}".`,
      'cli.bad-port',
    )
  }
  const token = io.env.JOB_MONITOR_SERVER_TOKEN?.trim() || undefined
  if (token !== undefined && token.length < 16) {
    throw new UserError(
      'JOB_MONITOR_SERVER_TOKEN must be at least 16 characters: use a long random string.',
      'cli.short-token',
    )
  }
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new UserError(
      `--host ${options.host} makes the app reachable from other machines: add --allow-remote to mean it (and put it behind HTTPS), or keep 127.0.0.1.`,
      'cli.remote',
    )
  }
  const runtime = await createAppRuntime({ config, mode: 'server' })
  try {
    const server = await startHeadlessServer({
      handlers: runtime.handlers,
      events: runtime.ctx.events,
      log: runtime.ctx.log,
      host: options.host,
      port,
      token,
      publicHosts: options.publicHost,
      privateFeed: (feedToken, self) => privateFeed(runtime.ctx, runtime.handlers, feedToken, self),
    }).catch((error) => {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') {
        throw new UserError(
          `Port ${port} on ${options.host} is in use: pass another --port.`,
          'cli.port-in-use',
        )
      }
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        throw new UserError(
          `This machine has no address ${options.host}: pass another --host.`,
          'cli.bad-host',
        )
      }
      throw error
    })
    if (!isLoopback(options.host)) {
      io.err(
        `job-monitor: warning: listening on ${options.host}, reachable from other machines; anyone with the link can use the app. Put it behind HTTPS.`,
      )
    }
    if (options.schedule) await runtime.ctx.schedule.start()
    io.out(`Job Monitor is running at ${server.url}`)
    io.out('The link works once, in one browser; every start prints a new one.')
    io.out(
      `Database: ${runtime.ctx.handle.location}. ${options.schedule ? ((await runtime.ctx.schedule.state()).paused ? 'Daily schedule paused.' : `Daily load at ${(await runtime.ctx.schedule.time()).time}.`) : 'Daily schedule off (--no-schedule).'} Press Ctrl+C to stop.`,
    )
    await io.untilStopped()
    io.out('Stopping…')
    await server.close()
  } finally {
    await runtime.close()
  }
}
