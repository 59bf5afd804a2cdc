import type { Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runDailyLoad } from '../../src/main/core/daily/daily-load'
import type { Database } from '../../src/main/core/db/schema'
import { ledgerWriter } from '../../src/main/core/quota/ledger'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { ActiveJobsSource } from '../../src/main/core/sources/activejobs/activejobs-client'
import { JsearchSource } from '../../src/main/core/sources/jsearch/jsearch-client'
import { ACTIVEJOBS_FAKE_KEY } from '../fakes/activejobs-fake'
import { type Fakes, startFakes } from '../fakes/index'
import { JSEARCH_FAKE_KEY } from '../fakes/jsearch-fake'
import { describeEachDialect } from '../helpers/databases'

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 12_000 })
})
afterAll(() => fakes.stop())

const TITLES = ['Engineer', 'Data Scientist', 'Data Analyst', 'Developer']
const CITIES = ['Berlin', 'Hamburg', 'München', 'Köln']

describeEachDialect('a daily load under faults', (t) => {
  it('finishes, records each failed combination with its reason, keeps every job received, and retries the failures next time', async () => {
    const { db } = await t.fresh()
    const clock = fakes.clock.now
    const user = await upsertUser(db, { email: 'a@example.com' }, clock)
    await addQueries(
      db,
      user.id,
      TITLES.flatMap((title) => CITIES.map((location) => ({ title, location }))),
      clock,
    )
    // 16 combinations, one at a time, so the faults land on known calls: burst 429s and a 5xx are retried,
    // a hang times out and is retried, one answer is malformed, and the monthly quota runs out half-way.
    fakes.jsearch.inject({ fault: 'burst-429', times: 2 })
    fakes.jsearch.inject({ fault: '502', times: 1 })
    fakes.jsearch.inject({ fault: 'hang', times: 1 })
    fakes.jsearch.inject({ fault: 'malformed', times: 1 })
    let served = 0
    fakes.jsearch.rewrite = (_path, body) => {
      served += 1
      if (served === 8) fakes.jsearch.inject({ fault: 'monthly-429', times: 100 })
      return body
    }
    const sources = (db: Kysely<Database>, runId: number) => [
      new JsearchSource({
        baseUrl: fakes.jsearch.url,
        apiKey: JSEARCH_FAKE_KEY,
        clock,
        requestsPerSecond: 1000,
        backoffMs: 5,
        timeoutMs: 400,
        concurrency: 1,
        onCall: ledgerWriter(db, runId),
      }),
      new ActiveJobsSource({
        baseUrl: fakes.activeJobs.url,
        apiKey: ACTIVEJOBS_FAKE_KEY,
        clock,
        requestsPerSecond: 1000,
        backoffMs: 5,
        onCall: ledgerWriter(db, runId),
      }),
    ]
    const first = await runDailyLoad({
      db,
      clock,
      trigger: 'test',
      sourceIds: ['jsearch', 'activejobs'],
      sourcesFor: (id) => sources(db, id),
    })
    expect(first.status).toBe('ran')
    const report = first.status === 'ran' ? first.report : undefined!
    const js = report.sources.find((s) => s.source === 'jsearch')!
    const reasons = js.failures.map((f) => f.reason)
    expect(reasons.some((r) => /not JSON/.test(r))).toBe(true)
    expect(reasons.some((r) => /^JSearch monthly quota exhausted; resets in \d+ days\.$/.test(r))).toBe(true)
    const failedCombinations = js.failures.flatMap((f) => f.combinations)
    expect(failedCombinations.length).toBeGreaterThan(0)
    expect(failedCombinations.length).toBeLessThan(16)
    // Every job a page delivered was stored.
    const jobs = await db.selectFrom('jobs').select('id').execute()
    expect(jobs.length).toBe(report.jobsNew)
    expect(report.jobsFetched).toBeGreaterThan(0)
    const run = await db.selectFrom('runs').select(['status', 'report_json']).executeTakeFirstOrThrow()
    expect(run.status).toBe('partial')
    expect(JSON.parse(run.report_json!).sources[0].failures.length).toBe(js.failures.length)

    // Next time the quota is back; everything is asked for again and nothing is stored twice.
    fakes.jsearch.clearFaults()
    fakes.jsearch.rewrite = undefined
    const second = await runDailyLoad({
      db,
      clock,
      trigger: 'test',
      sourceIds: ['jsearch', 'activejobs'],
      sourcesFor: (id) => sources(db, id),
    })
    const again = second.status === 'ran' ? second.report : undefined!
    expect(again.sources.find((s) => s.source === 'jsearch')!.failures).toEqual([])
    const postings = await db.selectFrom('job_postings').select(['source', 'source_job_id']).execute()
    expect(new Set(postings.map((p) => `${p.source}:${p.source_job_id}`)).size).toBe(postings.length)
  })
})
