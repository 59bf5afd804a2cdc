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
