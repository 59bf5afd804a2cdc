import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../fakes/index'
import { cli } from '../helpers/cli'

let fakes: Fakes
const dataDir = mkdtempSync(join(tmpdir(), 'jm-quota-cli-'))
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 1000 })
})
afterAll(async () => {
  await fakes.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('job-monitor quota --what-if prints now and what-if side by side, and refuses bad changes in one line', async () => {
  const env = {
    ...fakes.env,
    ANTHROPIC_API_KEY: '',
    JOB_MONITOR_DATA_DIR: dataDir,
    JOB_MONITOR_REQUESTS_PER_SECOND: '100',
  }
  expect(
    (
      await cli(
        ['cv', 'add', 'test/fixtures/cvs/en-data-scientist.txt', '--email', 'q@example.com', '--no-backfill'],
        env,
      )
    ).code,
  ).toBe(0)
  const now = await cli(['quota'], env)
  expect(now.code).toBe(0)
  expect(now.stdout).toMatch(/^QUOTA — a month of daily loads plus the backfill still owed/)
  expect(now.stdout).toMatch(
    /Settings: backfill depth \(days\) 30, backfill pages 5, daily pages 1, daily loads at 06:00, priority threshold 0/,
  )
  const rows = Number(/(\d+) unique combinations/.exec(now.stdout)![1])
  expect(now.stdout).toContain(`JSearch         requests  ${rows * 30 + rows * 2} of 200`)

  const twice = await cli(['quota', '--what-if', 'times=06:00,18:00'], env)
  expect(twice.stdout).toMatch(/daily loads at 06:00 → 06:00,18:00/)
  expect(twice.stdout).toMatch(
    new RegExp(
      `JSearch +requests +${rows * 32} of 200 \\(\\d+%\\)[^\\n]* +${rows * 62} of 200 \\(\\d+%\\) — over the plan`,
    ),
  )

  const json = JSON.parse((await cli(['quota', '--what-if', 'depth=7', '--json'], env)).stdout)
  expect(json.settingsWhatIf.backfillDepthDays).toBe(7)
  expect(json.sources.map((s: { source: string }) => s.source)).toEqual(['jsearch', 'activejobs'])

  const bad = await cli(['quota', '--what-if', 'pages=99'], env)
  expect(bad.code).toBe(1)
  expect(bad.stderr).toMatch(/^job-monitor: --what-if pages: .+\.$/)
  expect(bad.stderr.split('\n')).toHaveLength(1)
})
