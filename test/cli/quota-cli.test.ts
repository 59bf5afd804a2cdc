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
  // This period first — the figures the Quota screen and the daily report show — then the month.
  expect(now.stdout).toMatch(/^THIS PERIOD — the same figures as the Quota screen and the daily report\n/)
  expect(now.stdout).toMatch(
    /^JSearch +0 of 200 requests used, 200 left, resets \d{4}-\d{2}-\d{2}; projected \d+ by then — (comfortable|tight|short): /m,
  )
  expect(now.stdout).toContain('the limit of 200 requests comes from the default (JSearch BASIC)')
  expect(now.stdout).toMatch(/A MONTH — daily loads under the plan of calls plus the backfill still owed/)
  expect(now.stdout).toMatch(
    /Settings: backfill depth \(days\) 30, backfill pages 5, daily pages 10, delay \(days\) 3, daily from priority 8, daily loads at 06:00, priority threshold 0/,
  )
  // Nothing fetched yet: every combination is asked daily until its volume is known, one page each.
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

it('job-monitor plan-calls prints the plan of calls per source, as JSON too, and refuses a bad date in one line', async () => {
  const env = {
    ...fakes.env,
    ANTHROPIC_API_KEY: '',
    JOB_MONITOR_DATA_DIR: dataDir,
    JOB_MONITOR_REQUESTS_PER_SECOND: '100',
  }
  const text = await cli(['plan-calls'], env)
  expect(text.code).toBe(0)
  expect(text.stdout).toMatch(/^PLAN OF CALLS — the load of \d{4}-\d{2}-\d{2}\n/)
  expect(text.stdout).toMatch(
    /\nJSearch: [\d,]+ requests left until \d{4}-\d{2}-\d{2} \(\d+ days?\), [\d,]+ kept back for newcomers' backfills; today may spend [\d,]+, the plan spends [\d.,]+\./,
  )
  // Nothing fetched yet (the CV was added without a backfill): every combination is asked, one page of today.
  expect(text.stdout).toMatch(/ today +1 page +1 req +every load until its volume is known/)
  expect(text.stdout).toMatch(/Month: about [\d.,]+ requests a day under this plan/)

  const json = JSON.parse((await cli(['plan-calls', '--date', '2030-01-15', '--json'], env)).stdout)
  expect(json.date).toBe('2030-01-15')
  expect(json.sources.map((s: { source: string }) => s.source)).toEqual(['jsearch', 'activejobs'])
  expect(json.sources[0]).toMatchObject({ unit: 'requests', limitFrom: expect.any(String) })
  expect(json.sources[0].calls[0]).toMatchObject({ window: 'today', pages: 1, cost: 1 })

  const bad = await cli(['plan-calls', '--date', 'tomorrow'], env)
  expect(bad.code).toBe(1)
  expect(bad.stderr).toBe('job-monitor: --date "tomorrow": use a date such as 2026-12-03.')
  expect((await cli(['plan-calls', '--date', '2026-02-30'], env)).stderr).toBe(
    'job-monitor: --date "2026-02-30" is not a day of the calendar.',
  )
  expect((await cli(['plan-calls', '--date', '2026-13-45'], env)).stderr).toBe(
    'job-monitor: --date "2026-13-45" is not a day of the calendar.',
  )
})
