import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../fakes/index'
import { httpReceiver, smtpReceiver } from '../helpers/alert-receivers'
import { cli } from '../helpers/cli'

/**
 * The manual's "Quick start from the command line" (docs/cli.md), run line by line exactly as written, on a fresh data
 * dir against the fake APIs; then every other command the README and docs/ show. If the manual and the CLI drift
 * apart, this fails.
 */
let fakes: Fakes
const dataDir = mkdtempSync(join(tmpdir(), 'jm-readme-'))
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 2000 })
})
afterAll(async () => {
  await fakes.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** The commands of the README's quick-start block, as argument lists. */
function quickStart(): string[][] {
  const readme = readFileSync('docs/cli.md', 'utf8')
  const section = readme.slice(readme.indexOf('### Quick start from the command line'))
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1]
  if (!block) throw new Error('docs/cli.md has no quick-start block')
  return block
    .split('\n')
    .filter((line) => line.startsWith('npm run cli -- '))
    .map((line) =>
      [...line.slice('npm run cli -- '.length).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!),
    )
}

it('follows the README quick start: migrate, add a CV, backfill, a daily load, status', async () => {
  const commands = quickStart()
  expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual([
    'migrate',
    'cv add',
    'backfill',
    'daily --run-once',
    'status',
  ])
  const env = {
    ...fakes.env,
    ANTHROPIC_API_KEY: '',
    JOB_MONITOR_DATA_DIR: dataDir,
    JOB_MONITOR_REQUESTS_PER_SECOND: '100',
  }
  const outputs: string[] = []
  for (const args of commands) {
    const result = await cli(args, env)
    expect(result.stderr, args.join(' ')).toBe('')
    expect(result.code, `${args.join(' ')}\n${result.stdout}`).toBe(0)
    outputs.push(result.stdout)
  }
  const [migrate, cvAdd, backfill, daily, status] = outputs
  expect(migrate).toMatch(/Applied \d+ migrations/)
  expect(cvAdd).toMatch(/Plan: \d+ titles? × \d+ locations?/)
  expect(backfill).toMatch(/Backfill: \d+ of \d+ done/)
  expect(daily).toMatch(/Query analysis:[\s\S]*Unique combinations: \d+[\s\S]*Quota analysis:/)
  expect(status).toMatch(/JSearch done/)
})

const PAGES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]

/** A command line as argument lists: quoted words stay one argument. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!)

/** Every command in the pages' code blocks (`npm run cli -- …`, `$ job-monitor …`), with where it is written. */
function documentedCommands(): Array<{ page: string; args: string[] }> {
  return PAGES.flatMap((page) =>
    [...readFileSync(page, 'utf8').matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((block) =>
      block[1]!.split('\n').flatMap((line) => {
        const m = /^(?:\$ )?(?:npm run cli -- |job-monitor )(.+)$/.exec(line.trim())
        return m ? [{ page, args: words(m[1]!) }] : []
      }),
    ),
  )
}

/** Every synopsis in the pages' prose and tables: `job-monitor cv add FILE --email E [--name N]`. */
function documentedSynopses(): Array<{ page: string; text: string }> {
  return PAGES.flatMap((page) =>
    [...readFileSync(page, 'utf8').matchAll(/`job-monitor ([^`]+)`/g)].map((m) => ({ page, text: m[1]! })),
  )
}

it('runs every command the README and the manual show, as written', async () => {
  const commands = documentedCommands()
  expect(commands.length).toBeGreaterThan(10)
  // The alert pages' commands send a test to every channel: local receivers stand for the reader's own.
  const hooks = await httpReceiver()
  const mail = await smtpReceiver()
  const env = {
    ...fakes.env,
    ANTHROPIC_API_KEY: '',
    JOB_MONITOR_DATA_DIR: mkdtempSync(join(tmpdir(), 'jm-docs-')),
    JOB_MONITOR_REQUESTS_PER_SECOND: '100',
    JOB_MONITOR_WEBHOOK_URL: hooks.url('/hooks/jobs'),
    JOB_MONITOR_NTFY_URL: hooks.url('/my-job-alerts'),
    JOB_MONITOR_SMTP_URL: mail.url,
    JOB_MONITOR_DIGEST_TO: 'reader@example.org',
  }
  // The reader has imported a CV before they set up alerts (the pages come in the order of their names).
  expect(
    (
      await cli(
        ['cv', 'add', 'resources/demo/sample-cv.txt', '--email', 'ada@example.com', '--no-backfill'],
        env,
      )
    ).code,
  ).toBe(0)
  for (const { page, args } of commands) {
    const run = args.map((a) =>
      // A file of the reader's own (~/Documents/cv.pdf) stands for the sample CV here.
      /\.(pdf|docx|txt)$/.test(a) && !existsSync(a) ? 'resources/demo/sample-cv.txt' : a,
    )
    // The server would hold the port of a person's own; here any free one, stopped at once.
    if (run.includes('serve')) run.push('--port', '0', '--no-schedule')
    // A file the reader writes (export --out jobs.csv) goes to the test's own folder.
    const out = run.indexOf('--out')
    if (out >= 0) run[out + 1] = join(env.JOB_MONITOR_DATA_DIR, run[out + 1]!)
    const result = await cli(run, env)
    expect(result.code, `${page}: job-monitor ${args.join(' ')}\n${result.stderr}`).toBe(0)
  }
  // Each `notify --test` reached its receivers.
  expect(hooks.received.some((r) => r.path === '/my-job-alerts')).toBe(true)
  expect(mail.mails.length).toBeGreaterThan(0)
  await hooks.close()
  await mail.close()
  rmSync(env.JOB_MONITOR_DATA_DIR, { recursive: true, force: true })
})

it('names only commands and options the CLI has, wherever the manual writes a synopsis', async () => {
  const synopses = documentedSynopses()
  expect(synopses.length).toBeGreaterThan(15)
  for (const { page, text } of synopses) {
    const tokens = words(text.replace(/[[\]…]/g, ' '))
    // The command's words come before its first option or placeholder; `--demo` and `<command>` are global.
    const command = tokens.filter((t) => /^[a-z][a-z-]*$/.test(t)).slice(0, 2)
    const known = command.filter((t, i) => i === 0 || ['add'].includes(t))
    const help = await cli([...known, '--help'], {})
    expect(help.code, `${page}: job-monitor ${text}`).toBe(0)
    for (const option of tokens.filter((t) => t.startsWith('--')))
      expect(help.stdout + (await cli(['--help'], {})).stdout, `${page}: ${option} in "${text}"`).toContain(
        option.split('=')[0]!,
      )
  }
})
