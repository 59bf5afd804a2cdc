import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../fakes/index'
import { cli } from '../helpers/cli'

/**
 * The manual's "Quick start from the command line" (docs/cli.md), run line by line exactly as written, on a fresh data
 * dir against the fake APIs. If the manual and the CLI drift apart, this fails.
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
