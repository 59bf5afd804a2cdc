import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from '../../../../test/helpers/cli'
import { call } from '../app/dispatch'
import { memoryLogger } from '../app/logger'
import { createAppRuntime } from '../app/runtime'
import { loadConfig } from '../config/config'
import { demoJobs } from './demo-data'
import { DEMO_EMAIL } from './demo-seed'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'jm-demo-'))
  dirs.push(dir)
  return dir
}

describe('the demo data set', () => {
  it('holds several hundred realistic jobs across titles, cities and both sources, and a sample CV', () => {
    const jobs = demoJobs()
    expect(jobs.length).toBeGreaterThanOrEqual(300)
    expect(new Set(jobs.map((j) => j.title.replace(/ \(m\/w\/d\)$/, ''))).size).toBeGreaterThanOrEqual(15)
    expect(new Set(jobs.map((j) => j.city)).size).toBeGreaterThanOrEqual(10)
    expect(jobs.filter((j) => j.sources.includes('jsearch')).length).toBeGreaterThan(100)
    expect(jobs.filter((j) => j.sources.includes('activejobs')).length).toBeGreaterThan(100)
    expect(jobs.filter((j) => j.sources.length === 2).length).toBeGreaterThan(50)
    expect(jobs.every((j) => /^https:\/\//.test(j.url) && j.description.length > 40)).toBe(true)
    expect(readFileSync('resources/demo/sample-cv.txt', 'utf8')).toMatch(/Data Scientist/)
  })
})

describe('demo mode', () => {
  it('runs the whole app offline on its own database, every screen alive, without a key', async () => {
    const dir = dataDir()
    // Keys and a database URL in the environment are ignored: the demo calls no API and touches no real data.
    const config = loadConfig(
      {
        JOB_MONITOR_DATA_DIR: dir,
        JOB_MONITOR_DEMO: '1',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      },
      dir,
    )
    expect(config).toMatchObject({ demo: true, dataDir: join(dir, 'demo'), databaseUrl: undefined })
    const runtime = await createAppRuntime({ config, mode: 'server', log: memoryLogger() })
    try {
      expect(await call(runtime.handlers, 'system/get-status')).toMatchObject({
        demo: true,
        database: { dialect: 'sqlite' },
      })
      expect((await call(runtime.handlers, 'profile/get')).user?.email).toBe(DEMO_EMAIL)
      const plan = await call(runtime.handlers, 'plan/get')
      expect(plan.rows.length).toBeGreaterThanOrEqual(4)
      expect(plan.rows.every((r) => r.sources.every((s) => s.status === 'done'))).toBe(true)
      expect(plan.rows.some((r) => r.jobsLast7Days > 0)).toBe(true)
      const feed = await call(runtime.handlers, 'feed/list', {})
      expect(feed.jobs.length).toBeGreaterThan(20)
      expect((await call(runtime.handlers, 'runs/list', {})).runs.map((r) => r.kind).sort()).toEqual([
        'backfill',
        'daily',
      ])
      const quota = await call(runtime.handlers, 'quota/get-summary')
      expect(quota.sources.every((s) => s.enabled && s.used > 0)).toBe(true)
      expect(quota.callsSavedBySharing).toBeGreaterThan(0)
      expect(await call(runtime.handlers, 'keys/test', { key: 'jsearch' })).toMatchObject({ ok: true })

      const events: string[] = []
      runtime.ctx.events.onAny((name, payload) => events.push(`${name} ${JSON.stringify(payload)}`))
      expect(await call(runtime.handlers, 'daily/run-now')).toMatchObject({ started: true })
      await runtime.ctx.daily.idle()
      expect(events.find((e) => e.startsWith('jobs/new'))).toMatch(/new jobs? for /)
      expect(existsSync(join(dir, 'job-monitor.sqlite'))).toBe(false) // the real database was never made
    } finally {
      await runtime.close()
    }
  })

  it('is made once: opening the demo again keeps what was done in it', async () => {
    const dir = dataDir()
    const env = { JOB_MONITOR_DATA_DIR: dir, JOB_MONITOR_DEMO: '1' }
    const first = await cli(['status', '--json'], env)
    expect(first.code).toBe(0)
    const before = JSON.parse(first.stdout)
    expect((await cli(['--demo', 'daily', '--run-once'], { JOB_MONITOR_DATA_DIR: dir })).code).toBe(0)
    const after = JSON.parse(
      (await cli(['--demo', 'status', '--json'], { JOB_MONITOR_DATA_DIR: dir })).stdout,
    )
    expect(after.runs.length).toBe(before.runs.length + 1)
    expect(after.combinations).toEqual(before.combinations)
  })
})
