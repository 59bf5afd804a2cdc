import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/open'
import type { APPLICATION_COLUMNS } from '../../src/main/core/export/applications-export'
import { EXPORT_COLUMNS, type ExportedJob } from '../../src/main/core/export/feed-export'
import { setJobState } from '../../src/main/core/repos/applications-repo'
import { ACTIVEJOBS_FAKE_KEY } from '../fakes/activejobs-fake'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { cli } from '../helpers/cli'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
const dirs: string[] = []
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 6000 })
})
afterAll(async () => {
  await fakes.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

interface JobsJson {
  id: number
  title: string
  company: string | null
  location: string | null
  applyUrl: string | null
  state: string
  fit: number | null
  fitReasons: string[]
}

describeEachDialect('job-monitor export', (t) => {
  it('writes the feed as CSV and JSON that parse back to what jobs --json shows, job by job', async () => {
    const { url } = await t.fresh()
    const dir = mkdtempSync(join(tmpdir(), 'jm-export-'))
    dirs.push(dir)
    const env = {
      DATABASE_URL: url,
      JOB_MONITOR_DATA_DIR: dir,
      JSEARCH_API_KEY: JSEARCH_FAKE_KEY,
      JSEARCH_BASE_URL: fakes.jsearch.url,
      ACTIVEJOBS_API_KEY: ACTIVEJOBS_FAKE_KEY,
      ACTIVEJOBS_BASE_URL: fakes.activeJobs.url,
    }
    expect(
      (await cli(['cv', 'add', 'test/fixtures/cvs/headline-devops.txt', '--email', 'j@example.com'], env))
        .code,
    ).toBe(0)
    const listed = JSON.parse(
      (await cli(['jobs', '--sort', 'fit', '--json', '--limit', '1000'], env)).stdout,
    ) as JobsJson[]
    expect(listed.length).toBeGreaterThan(10)

    const csv = await cli(['export', '--format', 'csv', '--sort', 'fit', '--out', 'jobs.csv'], env, dir)
    expect(csv.stderr).toBe('')
    expect(csv.stdout).toBe(`Wrote ${listed.length} jobs to ${join(dir, 'jobs.csv')}.`)
    const bytes = readFileSync(join(dir, 'jobs.csv'))
    // UTF-8 with a byte-order mark, CRLF between records (RFC 4180).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.slice(1).split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','))
    const rows = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' }) as Array<
      Record<(typeof EXPORT_COLUMNS)[number], string>
    >
    expect(rows).toHaveLength(listed.length)
    rows.forEach((row, i) => {
      const job = listed[i]!
      expect([Number(row.id), row.title, row.company, row.location, row.apply_url, row.state]).toEqual([
        job.id,
        job.title,
        job.company ?? '',
        job.location ?? '',
        job.applyUrl ?? '',
        job.state,
      ])
      expect(row.fit).toBe(job.fit === null ? '' : String(job.fit))
      expect(row.fit_reasons).toBe(job.fitReasons.join('; '))
      // Every job carries its source's link and its description.
      expect(row.link_jsearch || row.link_activejobs).toMatch(/^https:/)
      expect(row.description?.length).toBeGreaterThan(0)
    })

    const json = await cli(['export', '--format', 'json', '--sort', 'fit'], env)
    const exported = JSON.parse(json.stdout) as ExportedJob[]
    expect(exported.map((j) => [j.id, j.title, j.fit])).toEqual(listed.map((j) => [j.id, j.title, j.fit]))

    // Filters apply as in the feed; a bad option is one line.
    const some = JSON.parse((await cli(['export', '--format', 'json', '--limit', '3'], env)).stdout)
    expect(some).toHaveLength(3)
    expect((await cli(['export', '--format', 'xlsx'], env)).stderr).toBe(
      'job-monitor: --format takes csv or json, not "xlsx": such as "job-monitor export --format csv --out jobs.csv".',
    )
    const denied = await cli(['export', '--format', 'csv', '--out', join(dir, 'missing', 'x.csv')], env)
    expect(denied.code).toBe(1)
    expect(denied.stderr).toMatch(
      /^job-monitor: Cannot write .+x\.csv \(ENOENT\): choose a file in a folder you can write\.$/,
    )

    // The record of applications: the steps set in the app, as CSV and JSON.
    const handle = await openDatabase(url, { dataDir: dir })
    const user = await handle.db.selectFrom('users').select('id').executeTakeFirstOrThrow()
    const clock = () => new Date('2026-12-03T10:00:00.000Z')
    await setJobState(handle.db, user.id, listed[0]!.id, 'applied', clock, { today: '2026-11-20' })
    await setJobState(handle.db, user.id, listed[0]!.id, 'interviewing', clock, { today: '2026-11-28' })
    await setJobState(handle.db, user.id, listed[1]!.id, 'applied', clock, { today: '2026-11-25' })
    await handle.close()
    const apps = await cli(['export', '--applications', '--format', 'csv', '--out', 'apps.csv'], env, dir)
    expect(apps.stdout).toBe(`Wrote 2 applications to ${join(dir, 'apps.csv')}.`)
    const appRows = parse(readFileSync(join(dir, 'apps.csv'), 'utf8'), { bom: true, columns: true }) as Array<
      Record<(typeof APPLICATION_COLUMNS)[number], string>
    >
    expect(appRows.map((r) => [Number(r.job_id), r.title, r.state, r.applied_on, r.interviewing_on])).toEqual(
      [
        [listed[0]!.id, listed[0]!.title, 'interviewing', '2026-11-20', '2026-11-28'],
        [listed[1]!.id, listed[1]!.title, 'applied', '2026-11-25', ''],
      ],
    )
    const interviewing = JSON.parse(
      (await cli(['export', '--applications', '--state', 'interviewing', '--format', 'json'], env)).stdout,
    ) as Array<{ jobId: number; steps: unknown[] }>
    expect(interviewing.map((a) => [a.jobId, a.steps.length])).toEqual([[listed[0]!.id, 2]])
    expect(
      (await cli(['export', '--applications', '--state', 'pending', '--format', 'csv'], env)).stderr,
    ).toBe(
      'job-monitor: --state takes applied, interviewing, offer, rejected, withdrawn (comma-separated), not "pending".',
    )
    expect((await cli(['export', '--state', 'offer', '--format', 'csv'], env)).stderr).toBe(
      'job-monitor: --state goes with --applications: such as "job-monitor export --applications --state interviewing,offer --format csv".',
    )
  })
})
