import { Command, CommanderError } from 'commander'
import { APP_VERSION } from '../../shared/version'
import { loadConfig } from '../core/config/config'
import { errorMessage, isUserError, UserError } from '../core/errors'
import { backfillCommand } from './backfill-command'
import { type CvAddOptions, cvAddCommand } from './cv-command'
import { dailyRunOnceCommand, dailyScheduleCommand } from './daily-command'
import { type ExportOptions, exportCommand } from './export-command'
import { type CliIo, processIo } from './io'
import { type JobsOptions, jobsCommand } from './jobs-command'
import { migrateCommand } from './migrate-command'
import { notifyCommand } from './notify-command'
import { planCallsCommand } from './plan-calls-command'
import { queriesCommand } from './queries-command'
import { quotaCommand } from './quota-command'
import { type ServeOptions, serveCommand } from './serve-command'
import { statusCommand } from './status-command'

/**
 * The `job-monitor` command. Returns the exit code: 0 on success; otherwise one line on stderr saying
 * what is wrong and what to do.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command()
    .name('job-monitor')
    .description(
      'Watches the job market for you: a shared title × location search plan, loaded every morning.',
    )
    .version(APP_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run "job-monitor --help" for the commands)')

  program.option(
    '--demo',
    'use the bundled demo data set in its own database, offline (also JOB_MONITOR_DEMO=1)',
  )
  const config = () =>
    loadConfig(
      program.opts<{ demo?: boolean }>().demo ? { ...io.env, JOB_MONITOR_DEMO: '1' } : io.env,
      io.cwd,
    )

  program
    .command('migrate')
    .description('apply database migrations (idempotent) and print what ran')
    .action(() => migrateCommand(config(), io))

  const collect = (value: string, previous: string[]) => [...previous, value]
  const cv = program.command('cv').description('import CVs')
  cv.command('add')
    .description('parse a CV, store the plan, and list the combinations to backfill')
    .argument('<file>', 'the CV: PDF, DOCX or text')
    .requiredOption('--email <email>', "the person's email")
    .option('--name <name>', "the person's name")
    .option(
      '--title <title>',
      'a job title to search for, instead of those read (repeat for more)',
      collect,
      [],
    )
    .option(
      '--place <place>',
      'a place to work, or Remote, instead of those read (repeat for more)',
      collect,
      [],
    )
    .option('--no-backfill', 'do not start the backfill of new combinations')
    .option('--send-scan', 'a scanned PDF (no text) may be sent to Claude as a file: one paid call')
    .action((file: string, options: CvAddOptions) => cvAddCommand(config(), file, options, io))

  program
    .command('backfill')
    .description('backfill every combination not yet done (about a month of jobs each)')
    .option('--email <email>', "only this person's combinations")
    .action((options: { email?: string }) => backfillCommand(config(), options, io))

  program
    .command('daily')
    .description('load the last 24 hours for every unique combination')
    .option('--run-once', 'one daily load now, then print the query and quota analysis')
    .option('--schedule <time>', 'stay running and load every day at this time, e.g. "6:00"')
    .option('--tz <zone>', 'time zone of --schedule (default JOB_MONITOR_TIMEZONE)')
    .action((options: { runOnce?: boolean; schedule?: string; tz?: string }) => {
      if (options.runOnce) return dailyRunOnceCommand(config(), io)
      if (options.schedule)
        return dailyScheduleCommand(config(), { schedule: options.schedule, tz: options.tz }, io)
      throw new UserError(
        'Say how to run the daily load: "job-monitor daily --run-once" loads now, "--schedule 6:00" every day.',
        'cli.daily-mode',
      )
    })

  program
    .command('queries')
    .description('print the plan rows')
    .option('--email <email>', "one person's rows")
    .action((options: { email?: string }) => queriesCommand(config(), options, io))

  program
    .command('status')
    .description('combinations and their backfill, the last runs, the next run, and the quota per source')
    .option('--json', 'machine-readable output (documented in docs/cli.md)')
    .action((options: { json?: boolean }) => statusCommand(config(), options, io))

  program
    .command('jobs')
    .description("a person's feed, newest first")
    .option('--email <email>', 'whose feed (needed when several people share the database)')
    .option(
      '--search <text>',
      'words, "phrases", -exclusions and prefix* in title, company, place and description',
    )
    .option('--sort <order>', 'newest (default) or fit: the fit score against the CV, best first')
    .option('--min-salary <pay>', 'at least this pay: "60000", "60k EUR", "35 USD/hour" (periods converted)')
    .option('--company <name>', 'one company\'s jobs ("Zalando SE" finds "Zalando")')
    .option('--watched', 'only companies on the watchlist')
    .option('--closed <which>', 'closed jobs: hide (default), show (too) or only')
    .option('--json', 'machine-readable output (documented in docs/cli.md)')
    .option('--limit <n>', 'how many jobs', '50')
    .action((options: JobsOptions) => jobsCommand(config(), options, io))

  program
    .command('export')
    .description("a person's feed with its filters as a CSV or JSON file, descriptions and links included")
    .option('--format <format>', 'csv (RFC 4180, UTF-8 with a byte-order mark) or json')
    .option('--email <email>', 'whose feed (needed when several people share the database)')
    .option('--search <text>', 'only the jobs matching this search (docs/search.md)')
    .option('--sort <order>', 'newest (default) or fit')
    .option('--min-salary <pay>', 'at least this pay: "60000", "60k EUR", "35 USD/hour"')
    .option('--company <name>', "one company's jobs")
    .option('--watched', 'only companies on the watchlist')
    .option('--closed <which>', 'closed jobs: hide (default), show (too) or only')
    .option('--limit <n>', 'at most this many jobs', '5000')
    .option('--applications', 'the record of applications instead: state, the day of each step, the note')
    .option('--state <states>', 'with --applications: only these states, e.g. interviewing,offer')
    .option('--out <file>', 'write to this file (default: print)')
    .action((options: ExportOptions) => exportCommand(config(), options, io))

  program
    .command('quota')
    .description("project this month's requests and billed jobs per source against the plan")
    .option(
      '--what-if <changes>',
      'the same with other settings, e.g. depth=14,pages=3,daily-pages=1,times=06:00,18:00,priority=3',
    )
    .option('--json', 'print JSON')
    .action((options: { whatIf?: string; json?: boolean }) => quotaCommand(config(), options, io))

  program
    .command('plan-calls')
    .description("today's plan of calls per source: window, pages, cost and why, and the month under it")
    .option('--date <date>', 'the plan of a load on this day (YYYY-MM-DD), from what is known now')
    .option('--json', 'print JSON')
    .action((options: { date?: string; json?: boolean }) => planCallsCommand(config(), options, io))

  program
    .command('notify')
    .description('alerts beyond the window (webhook, ntfy, e-mail digest): send a test')
    .option('--test', 'send a test alert now to each channel set (quiet hours or not)')
    .option('--channel <channel>', 'only this one: webhook, ntfy or email')
    .option('--email <email>', 'whose alerts, on a database several people share')
    .action((options: { test?: boolean; channel?: string; email?: string }) =>
      notifyCommand(config(), options, io),
    )

  program
    .command('serve')
    .description('run the app headless and open it in a browser')
    .option('--port <port>', 'port to listen on', '8080')
    .option(
      '--host <host>',
      'address to bind (anything but 127.0.0.1 exposes the app to the network)',
      '127.0.0.1',
    )
    .option('--no-schedule', 'do not run the daily schedule in this process')
    .option('--allow-remote', 'allow a --host other than loopback (put the app behind HTTPS)')
    .option(
      '--public-host <name>',
      'a name the server is reached by, e.g. behind a proxy (repeat for more)',
      collect,
      [],
    )
    .action((options: ServeOptions) => serveCommand(config(), options, io))

  try {
    await program.parseAsync(argv as string[], { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are commander's way of stopping after printing; they succeed.
      return error.exitCode === 0 ? 0 : 2
    }
    if (isUserError(error)) {
      io.err(`job-monitor: ${error.message}`)
      return 1
    }
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      io.err(
        'job-monitor: the database is busy: another Job Monitor has been writing to it for over 5 s; try again in a moment.',
      )
      return 1
    }
    io.err(`job-monitor: unexpected error: ${errorMessage(error)} (set DEBUG=1 for details)`)
    if (io.env.DEBUG) io.err(String((error as Error).stack ?? error))
    return 1
  }
}
