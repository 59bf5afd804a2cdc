import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ACTIVEJOBS_FAKE_KEY } from '../fakes/activejobs-fake'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { cli } from '../helpers/cli'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
const dirs: string[] = []
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 12_000 })
})
afterAll(async () => {
  await fakes.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describeEachDialect('job-monitor daily --run-once', (t) => {
  it('loads the day once per unique combination and prints the query and quota analysis', async () => {
    const { url } = await t.fresh()
    const dataDir = mkdtempSync(join(tmpdir(), 'jm-daily-'))
    dirs.push(dataDir)
    const env = {
      DATABASE_URL: url,
      JOB_MONITOR_DATA_DIR: dataDir,
      JSEARCH_API_KEY: JSEARCH_FAKE_KEY,
      JSEARCH_BASE_URL: fakes.jsearch.url,
      ACTIVEJOBS_API_KEY: ACTIVEJOBS_FAKE_KEY,
      ACTIVEJOBS_BASE_URL: fakes.activeJobs.url,
    }
    await cli(
      ['cv', 'add', 'test/fixtures/cvs/en-data-scientist.txt', '--email', 'a@example.com', '--no-backfill'],
      env,
    )
    await cli(
      ['cv', 'add', 'test/fixtures/cvs/headline-devops.txt', '--email', 'b@example.com', '--no-backfill'],
      env,
    )
    const result = await cli(['daily', '--run-once'], env)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^DAILY LOAD — \d{4}-\d\d-\d\d \d\d:\d\d Europe\/Berlin/)
    expect(result.stdout).toContain('  Total query rows: 8')
    expect(result.stdout).toContain('  Unique combinations: 8')
    expect(result.stdout).toContain('  Quota saved by sharing: 0 API calls (0%)')
    expect(result.stdout).toMatch(
      /JSearch: 8 combinations, 8 calls, 8 requests and 0 jobs billed, \d+ jobs fetched/,
    )
    expect(result.stdout).toMatch(/New jobs added: \d+/)
    // Each source says which window its combinations were loaded for.
    expect(result.stdout).toMatch(
      /\n {2}window for 8 combinations: posted since \d{4}-\d\d-\d\d \d\d:\d\d UTC until \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/,
    )
    expect(result.stdout).toMatch(/\n {2}window for 8 combinations: indexed since .+ UTC until .+ UTC\n/)
    expect(result.stdout).toMatch(
      /JSearch: this run used 8 requests; this period 8 of 200 \(4\.0%\), resets \d{4}-\d\d-\d\d/,
    )
    expect(result.stdout).toMatch(/Active Jobs DB: this run used \d+ jobs; this period [\d,]+ of 20,000/)
    expect(result.stdout).toMatch(/Projected monthly: [\d,]+ requests — (comfortable|tight|will run out)/)
  })

  it('refuses to run without a source or without a mode', async () => {
    const { url } = await t.fresh()
    const none = await cli(['daily', '--run-once'], { DATABASE_URL: url })
    expect(none.code).toBe(1)
    expect(none.stderr).toBe(
      'job-monitor: No job source is enabled: set JSEARCH_API_KEY or ACTIVEJOBS_API_KEY, then run the daily load again.',
    )
    const noMode = await cli(['daily'], { DATABASE_URL: url })
    expect(noMode.stderr).toMatch(/Say how to run the daily load/)
  })
})

describeEachDialect('job-monitor daily --schedule', (t) => {
  it('names the next run, catches up the missed day once, and stops cleanly', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url, JSEARCH_API_KEY: JSEARCH_FAKE_KEY, JSEARCH_BASE_URL: fakes.jsearch.url }
    await cli(
      ['cv', 'add', 'test/fixtures/cvs/de-pflege.txt', '--email', 'm@example.de', '--no-backfill'],
      env,
    )
    // The in-process CLI's "Ctrl+C" comes at once: the run is the start-up catch-up.
    const first = await cli(['daily', '--schedule', '0:00', '--tz', 'Pacific/Kiritimati'], env)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(
      /^DAILY JOB SERVICE\nDaily load at 00:00 Pacific\/Kiritimati; next run \d{4}-\d\d-\d\d 00:00 GMT\+14\./,
    )
    expect(first.stdout).toMatch(/Missed the 00:00 load of \d{4}-\d\d-\d\d; loading now\./)
    expect(first.stdout).toContain('Total query rows: 1')
    expect(first.stdout).toContain('Stopping…')
    const again = await cli(['daily', '--schedule', '0:00', '--tz', 'Pacific/Kiritimati'], env)
    expect(again.stdout).not.toContain('Missed')
  })

  it('refuses a bad time or zone in one line', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url, JSEARCH_API_KEY: 'k' }
    expect((await cli(['daily', '--schedule', '25:00'], env)).stderr).toBe(
      'job-monitor: "25:00" is not a time of day: use HH:MM, such as 06:00.',
    )
    expect((await cli(['daily', '--schedule', '6:00', '--tz', 'Mars/Olympus'], env)).stderr).toBe(
      'job-monitor: "Mars/Olympus" is not a time zone: use an IANA name such as Europe/Berlin.',
    )
  })
})
