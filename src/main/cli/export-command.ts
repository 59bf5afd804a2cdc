import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { APPLICATION_STATES, type ApplicationState, isApplicationState } from '../../shared/domain'
import type { AppConfig } from '../core/config/config'
import { UserError } from '../core/errors'
import { withApp } from './app-client'
import type { CliIo } from './io'
import { type FeedFilterOptions, feedFilterOptions } from './jobs-command'

/** `--state interviewing,offer` as application states; anything else is one line that lists them. */
function applicationStates(text: string | undefined): ApplicationState[] | undefined {
  if (text === undefined) return undefined
  const states = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
  const wrong = states.find((s) => !isApplicationState(s))
  if (wrong !== undefined || states.length === 0)
    throw new UserError(
      `--state takes ${APPLICATION_STATES.join(', ')} (comma-separated)${wrong ? `, not "${wrong}"` : ''}.`,
      'cli.bad-state',
    )
  return states as ApplicationState[]
}

export interface ExportOptions extends FeedFilterOptions {
  format?: string
  email?: string
  out?: string
  limit: string
  applications?: boolean
  state?: string
}

/**
 * `job-monitor export --format csv|json [--email E] [--search …] [--sort …] [--min-salary …] [--company …]
 * [--watched] [--limit N] [--out FILE]`: the feed with these filters as one file (docs/export.md): to FILE,
 * or to stdout. The same rows, in the same order, as `job-monitor jobs` shows.
 */
export async function exportCommand(config: AppConfig, options: ExportOptions, io: CliIo): Promise<void> {
  const format = options.format?.trim().toLowerCase()
  if (format !== 'csv' && format !== 'json')
    throw new UserError(
      `--format takes csv or json${options.format ? `, not "${options.format}"` : ''}: such as "job-monitor export --format csv --out jobs.csv".`,
      'cli.bad-format',
    )
  if (options.state !== undefined && !options.applications)
    throw new UserError(
      '--state goes with --applications: such as "job-monitor export --applications --state interviewing,offer --format csv".',
      'cli.bad-state',
    )
  const limit = Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 50_000)
    throw new UserError(
      `--limit must be a whole number from 1 to 50000, not "${options.limit}".`,
      'cli.bad-limit',
    )
  const states = options.applications ? applicationStates(options.state) : undefined
  const filters = options.applications ? {} : feedFilterOptions(options)
  const file = await withApp(
    config,
    io,
    (app) =>
      options.applications
        ? app
            .call('applications/export', { format, email: options.email, states })
            .then((f) => ({ ...f, truncated: false }))
        : app.call('feed/export', { format, limit, email: options.email, ...filters }),
    { readOnly: true },
  )
  if (!options.out) {
    // The byte-order mark is for spreadsheet apps opening a file; a pipe gets the text alone.
    io.out(file.content.replace(/^\uFEFF/, '').replace(/\r?\n$/, ''))
    return
  }
  const path = resolve(io.cwd, options.out)
  try {
    writeFileSync(path, file.content, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new UserError(
      `Cannot write ${path} (${code}): choose a file in a folder you can write.`,
      'cli.bad-out',
      {
        cause: error,
      },
    )
  }
  const what = options.applications ? 'application' : 'job'
  io.out(
    `Wrote ${file.count.toLocaleString('en')} ${what}${file.count === 1 ? '' : 's'} to ${path}${file.truncated ? ` (the first ${limit.toLocaleString('en')}; raise --limit for more)` : ''}.`,
  )
}
