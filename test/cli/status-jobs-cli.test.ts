import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_SETTINGS_FILE } from '../../src/main/core/config/local-settings'
import { setSetting } from '../../src/main/core/repos/settings-repo'
import { SCHEDULE_SETTING } from '../../src/main/core/scheduler/schedule-setting'
import { ACTIVEJOBS_FAKE_KEY } from '../fakes/activejobs-fake'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { cli } from '../helpers/cli'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 6000 })
})
afterAll(() => fakes.stop())

describeEachDialect('job-monitor status and jobs', (t) => {
  it('show the combinations with their backfill, the runs, the next run, the quota, and the feed', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url, JSEARCH_API_KEY: JSEARCH_FAKE_KEY, JSEARCH_BASE_URL: fakes.jsearch.url }
    await cli(['cv', 'add', 'test/fixtures/cvs/headline-devops.txt', '--email', 'j@example.com'], env)

    const status = await cli(['status', '--json'], env)
    expect(status.code).toBe(0)
    const json = JSON.parse(status.stdout)
    expect(json.combinations).toHaveLength(4)
    expect(json.combinations[0].backfill.jsearch).toMatchObject({ status: 'done', error: null })
    expect(json.runs[0]).toMatchObject({ kind: 'backfill', trigger: 'cv-import', status: 'success' })
    expect(json.nextRun.slot).toMatch(/^daily:\d{4}-\d\d-\d\dT06:00@Europe\/Berlin$/)
    expect(json.quota.find((q: { source: string }) => q.source === 'jsearch')).toMatchObject({
      enabled: true,
      requests: { limit: 200 },
    })
    expect(json.quota.find((q: { source: string }) => q.source === 'activejobs')).toMatchObject({
      enabled: false,
    })

    const text = await cli(['status'], env)
    expect(text.stdout).toMatch(
      /DevOps Engineer × Hamburg\s+1 row\s+JSearch done \(\d+ jobs\), Active Jobs DB not yet/,
    )
    expect(text.stdout).toMatch(/Active Jobs DB \(off: no key\): 0 jobs used/)

    const feed = await cli(['jobs', '--limit', '5'], env)
    expect(feed.code).toBe(0)
    expect(feed.stdout).toMatch(/5 jobs for j@example\.com, newest first\./)
    const jobs = JSON.parse(
      (await cli(['jobs', '--email', 'j@example.com', '--json', '--limit', '3'], env)).stdout,
    )
    expect(jobs).toHaveLength(3)
    expect(jobs[0]).toEqual(
      expect.objectContaining({
        title: expect.any(String),
        state: 'new',
        applyUrl: expect.stringMatching(/^https:/),
      }),
    )
    const when = (j: { postedAt: string | null; firstSeenAt: string }) => j.postedAt ?? j.firstSeenAt
    expect(when(jobs[0]) >= when(jobs[1])).toBe(true)

    // Best fit first, with the score and its reasons in --json; the text says why under each job.
    const byFit = JSON.parse((await cli(['jobs', '--sort', 'fit', '--json', '--limit', '10'], env)).stdout)
    expect(byFit.length).toBeGreaterThan(1)
    for (const job of byFit) {
      expect(job.fit).toEqual(expect.any(Number))
      expect(job.fitReasons).toEqual(expect.any(Array))
    }
    const fits = byFit.map((j: { fit: number }) => j.fit)
    expect([...fits].sort((a, b) => b - a)).toEqual(fits)
    const text2 = await cli(['jobs', '--sort', 'fit', '--limit', '3'], env)
    expect(text2.stdout).toMatch(/3 jobs for j@example\.com, best fit first/)
    // One company, by its canonical name; a minimum pay that nothing reaches leaves no salaried job.
    const company = byFit[0].company as string
    const ofCompany = JSON.parse(
      (await cli(['jobs', '--company', company.toUpperCase(), '--json'], env)).stdout,
    )
    expect(ofCompany.length).toBeGreaterThan(0)
    expect(ofCompany.every((j: { company: string }) => j.company === company)).toBe(true)
    // The filter itself is checked on both dialects in fit-repo.test.ts; here: the flag reaches it.
    const all = JSON.parse((await cli(['jobs', '--json', '--limit', '1000'], env)).stdout)
    const rich = await cli(['jobs', '--min-salary', '900k EUR', '--json', '--limit', '1000'], env)
    expect(rich.code).toBe(0)
    expect(JSON.parse(rich.stdout).length).toBeLessThanOrEqual(all.length)
  })

  it('refuse a bad sort, pay or company in one line that says what to write', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url }
    expect((await cli(['jobs', '--sort', 'best'], env)).stderr).toBe(
      'job-monitor: --sort takes newest or fit, not "best".',
    )
    expect((await cli(['jobs', '--min-salary', 'lots'], env)).stderr).toMatch(
      /^job-monitor: --min-salary: “lots” is not a salary: write an amount with an optional currency and period/,
    )
    expect((await cli(['jobs', '--company', '  '], env)).stderr).toMatch(
      /^job-monitor: --company needs a company name/,
    )
  })

  it('use the schedule and the source switches the app saved, as the app does', async () => {
    const { url, db } = await t.fresh()
    const dataDir = mkdtempSync(join(tmpdir(), 'jm-cli-switches-'))
    const env = {
      DATABASE_URL: url,
      JOB_MONITOR_DATA_DIR: dataDir,
      JSEARCH_API_KEY: JSEARCH_FAKE_KEY,
      JSEARCH_BASE_URL: fakes.jsearch.url,
      ACTIVEJOBS_API_KEY: ACTIVEJOBS_FAKE_KEY,
      ACTIVEJOBS_BASE_URL: fakes.activeJobs.url,
    }
    try {
      expect(
        (
          await cli(
            [
              'cv',
              'add',
              'test/fixtures/cvs/headline-devops.txt',
              '--email',
              'j@example.com',
              '--no-backfill',
            ],
            env,
          )
        ).code,
      ).toBe(0)
      // Saved in the app: the load at 07:30 New York time, and JSearch switched off on this machine.
      await setSetting(
        db,
        SCHEDULE_SETTING,
        { time: '07:30', timezone: 'America/New_York' },
        () => new Date(),
      )
      writeFileSync(
        join(dataDir, LOCAL_SETTINGS_FILE),
        JSON.stringify({ sourcesEnabled: { jsearch: false } }),
      )
      const text = await cli(['status'], env)
      expect(text.stdout).toMatch(/Next daily run: \d{4}-\d\d-\d\d \d\d:\d\d UTC \(07:30 America\/New_York\)/)
      expect(text.stdout).toMatch(/JSearch \(switched off\): 0 requests used/)
      expect(JSON.parse((await cli(['status', '--json'], env)).stdout).nextRun.slot).toMatch(
        /T07:30@America\/New_York$/,
      )
      const before = fakes.jsearch.log.length
      const daily = await cli(['daily', '--run-once'], env)
      expect(daily.code).toBe(0)
      expect(fakes.jsearch.log.length).toBe(before)
      expect(daily.stdout).toMatch(/Active Jobs DB/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('refuse a bad limit and say whose feed when several people share the database', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url }
    expect((await cli(['jobs', '--limit', 'lots'], env)).stderr).toBe(
      'job-monitor: --limit must be a whole number from 1 to 1000, not "lots".',
    )
    expect((await cli(['jobs'], env)).stderr).toMatch(/No one has a plan yet/)
    await cli(
      ['cv', 'add', 'test/fixtures/cvs/de-pflege.txt', '--email', 'a@example.de', '--no-backfill'],
      env,
    )
    await cli(['cv', 'add', 'test/fixtures/cvs/student.txt', '--email', 'b@example.de', '--no-backfill'], env)
    expect((await cli(['jobs'], env)).stderr).toBe(
      'job-monitor: 2 people share this database: say whose feed with --email.',
    )
    expect((await cli(['jobs', '--email', 'a@example.de'], env)).stdout).toMatch(
      /No jobs yet for a@example\.de/,
    )
  })
})

describe('job-monitor serve beyond this machine', () => {
  it('refuses a --host other than loopback unless --allow-remote says so, before opening anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jm-serve-'))
    try {
      const result = await cli(['serve', '--host', '0.0.0.0', '--port', '0'], {
        JOB_MONITOR_DATA_DIR: dataDir,
      })
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(
        'job-monitor: --host 0.0.0.0 makes the app reachable from other machines: add --allow-remote to mean it (and put it behind HTTPS), or keep 127.0.0.1.',
      )
      expect(existsSync(join(dataDir, 'job-monitor.sqlite'))).toBe(false)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
