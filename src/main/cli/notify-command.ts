import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { withApp } from './app-client'
import type { CliIo } from './io'

const CHANNELS = ['webhook', 'ntfy', 'email'] as const

/**
 * `job-monitor notify --test [--channel webhook|ntfy|email] [--email E]`: sends a test alert to each
 * channel set for the person (or the one named), now, quiet hours or not; one line per channel. Fails
 * (exit 1) when any of them did not arrive.
 */
export async function notifyCommand(
  config: AppConfig,
  options: { test?: boolean; channel?: string; email?: string },
  io: CliIo,
): Promise<void> {
  if (!options.test)
    throw new UserError('Say what to do: "job-monitor notify --test" sends a test alert.', 'cli.usage')
  const channel = options.channel?.trim().toLowerCase()
  if (channel !== undefined && !CHANNELS.includes(channel as (typeof CHANNELS)[number]))
    throw new UserError(`--channel "${options.channel}": use webhook, ntfy or email.`, 'cli.usage')
  const { results } = await withApp(config, io, (app) =>
    app.call('alerts/test', {
      channel: channel as (typeof CHANNELS)[number] | undefined,
      email: options.email,
    }),
  )
  for (const r of results) io.out(`${r.ok ? 'ok' : 'FAILED'}  ${r.channel.padEnd(8)} ${r.message}`)
  const failed = results.filter((r) => !r.ok)
  if (failed.length > 0)
    throw new UserError(
      `${failed.length} of ${results.length} test alert${results.length === 1 ? '' : 's'} did not arrive: fix the setting named above and try again.`,
      'alerts.test-failed',
    )
}
