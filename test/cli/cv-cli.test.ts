import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ANTHROPIC_FAKE_KEY } from '../fakes/anthropic-fake'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { cli } from '../helpers/cli'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
const dirs: string[] = []
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 10 })
  fakes.anthropic.responder = () => ({
    job_titles: ['Data Engineer', 'Analytics Engineer'],
    locations: ['Berlin', 'Hamburg'],
    work_arrangement: 'Hybrid',
    seniority: 'senior',
    skills: ['Python'],
    languages: ['English'],
    summary: 'Data engineer in Berlin.',
  })
})
afterAll(async () => {
  await fakes.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-cv-cli-'))
  dirs.push(dir)
  return dir
}

describeEachDialect('job-monitor cv add and queries', (t) => {
  it('prints the profile, the rows and which combinations are new; the same file again changes nothing', async () => {
    const { url } = await t.fresh()
    const env = {
      DATABASE_URL: url,
      JOB_MONITOR_DATA_DIR: dataDir(),
      ANTHROPIC_API_KEY: ANTHROPIC_FAKE_KEY,
      ANTHROPIC_BASE_URL: fakes.anthropic.url,
      JSEARCH_API_KEY: JSEARCH_FAKE_KEY,
      JSEARCH_BASE_URL: fakes.jsearch.url,
    }
    const first = await cli(
      ['cv', 'add', 'test/fixtures/cvs/en-data-scientist.txt', '--email', 'ada@example.com', '--name', 'Ada'],
      env,
    )
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(
      'Read en-data-scientist.txt (TEXT, 1 page) with Claude (claude-haiku-4-5).',
    )
    expect(first.stdout).toContain('  Titles:      Data Engineer, Analytics Engineer')
    expect(first.stdout).toContain('Plan: 2 titles × 2 locations = 4 rows (4 new for ada@example.com)')
    expect(first.stdout).toMatch(/Data Engineer × Berlin\s+new combination \(JSearch\)/)
    expect(first.stdout).toContain('Backfill: fetching about a month of jobs for 4 new combinations…')
    expect(first.stdout).toMatch(/✓ Data Engineer × Berlin — JSearch: \d+ jobs/)
    expect(first.stdout).toMatch(
      /Backfill: 4 of 4 done; \d+ jobs fetched, \d+ new; \d+ requests and 0 jobs billed\./,
    )

    const again = await cli(
      ['cv', 'add', 'test/fixtures/cvs/en-data-scientist.txt', '--email', 'ada@example.com'],
      env,
    )
    expect(again.stdout).toContain(
      'en-data-scientist.txt was already imported for ada@example.com: nothing changed.',
    )

    const offline = await cli(
      [
        'cv',
        'add',
        'test/fixtures/cvs/headline-devops.txt',
        '--email',
        'jordan@example.com',
        '--no-backfill',
      ],
      { ...env, ANTHROPIC_API_KEY: '' },
    )
    expect(offline.stdout).toContain(
      'with the offline parser (no ANTHROPIC_API_KEY is set) — please check the plan below.',
    )
    expect(offline.stdout).toContain(
      'Backfill skipped (--no-backfill): 4 new combinations wait for "job-monitor backfill".',
    )

    // Jordan's combinations were skipped; `backfill` fetches them, and nothing twice.
    const backfill = await cli(['backfill'], env)
    expect(backfill.code).toBe(0)
    expect(backfill.stdout).toMatch(/Backfill: 4 of 4 done/)
    expect(backfill.stdout).toContain('DevOps Engineer × Hamburg — JSearch')
    expect((await cli(['backfill'], env)).stdout).toContain(
      'Backfill: nothing to fetch; every combination was already backfilled.',
    )

    const rows = await cli(['queries', '--email', 'ada@example.com'], env)
    expect(rows.stdout).toMatch(/ada@example\.com\s+Analytics Engineer\s+Berlin\s+5\s+yes\s+Hybrid/)
    expect(rows.stdout).toContain('4 rows for 1 person, 4 unique combinations.')
    const everyone = await cli(['queries'], env)
    expect(everyone.stdout).toContain('8 rows for 2 people, 8 unique combinations.')
  })

  it('ends non-zero in one line when backfills failed, after printing why', async () => {
    const { url } = await t.fresh()
    const env = {
      DATABASE_URL: url,
      JOB_MONITOR_DATA_DIR: dataDir(),
      JSEARCH_API_KEY: JSEARCH_FAKE_KEY,
      JSEARCH_BASE_URL: fakes.jsearch.url,
    }
    await cli(
      ['cv', 'add', 'test/fixtures/cvs/de-pflege.txt', '--email', 'maria@example.de', '--no-backfill'],
      env,
    )
    fakes.jsearch.inject({ fault: 'monthly-429', times: 1 })
    const result = await cli(['backfill'], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '✗ Gesundheits- und Krankenpflegerin × München — JSearch: JSearch monthly quota exhausted; resets in 20 days.',
    )
    expect(result.stderr).toBe(
      'job-monitor: 1 of 1 backfills failed (reasons above); run "job-monitor backfill" again later to retry them.',
    )
  })

  it.each([
    [
      ['cv', 'add', 'test/fixtures/cvs/invoice.txt', '--email', 'a@example.com'],
      /No job title found in invoice\.txt \(found no titles and "Berlin"\): add the titles you want with --title "Data Engineer"/,
    ],
    [
      ['cv', 'add', 'nope/missing.pdf', '--email', 'a@example.com'],
      /There is no file nope\/missing\.pdf: check the path\./,
    ],
    [['cv', 'add', 'test/fixtures/cvs', '--email', 'a@example.com'], /is a folder: name the CV file itself/],
    [
      ['cv', 'add', 'test/fixtures/cvs/de-pflege.txt', '--email', 'not-an-email'],
      /"not-an-email" is not an email address/,
    ],
    [
      ['cv', 'add', 'test/fixtures/cvs/world/no-place-student.txt', '--email', 'a@example.com'],
      /No place to work found in no-place-student\.txt \(found "Frontend Developer" and no places\): add where you would work with --place "Berlin" or --place Remote/,
    ],
    [
      [
        'cv',
        'add',
        'test/fixtures/cvs/world/no-place-student.txt',
        '--email',
        'a@example.com',
        '--place',
        'Xyzzyville',
      ],
      /We could not place "Xyzzyville" — which country\? Use --place "Xyzzyville, Country"/,
    ],
    [
      [
        'cv',
        'add',
        'test/fixtures/cvs/world/no-place-student.txt',
        '--email',
        'a@example.com',
        '--place',
        'Cambridge',
      ],
      /"Cambridge" is the name of several places: use --place with one of "Cambridge, United Kingdom"/,
    ],
    [
      ['queries', '--email', 'nobody@example.com'],
      /Nobody with the email nobody@example\.com has a plan yet/,
    ],
  ])('fails in one line: %s', async (args, message) => {
    const { url } = await t.fresh()
    const result = await cli(args, { DATABASE_URL: url, JOB_MONITOR_DATA_DIR: dataDir() })
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
  })

  it('takes the titles and places given with --title and --place when the CV has none', async () => {
    const { url } = await t.fresh()
    const env = { DATABASE_URL: url, JOB_MONITOR_DATA_DIR: dataDir() }
    const result = await cli(
      [
        'cv',
        'add',
        'test/fixtures/cvs/world/no-place-student.txt',
        '--email',
        'alex@example.com',
        '--place',
        'Seoul',
        '--place',
        'Cambridge, MA',
        '--title',
        'Frontend Developer',
        '--title',
        'Web Developer',
      ],
      env,
    )
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('  Titles:      Frontend Developer, Web Developer')
    expect(result.stdout).toContain('  Locations:   Seoul, Cambridge, MA')
    expect(result.stdout).toContain('Plan: 2 titles × 2 locations = 4 rows (4 new for alex@example.com)')
  })
})
