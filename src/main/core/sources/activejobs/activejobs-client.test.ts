import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ACTIVEJOBS_BASIC_KEY,
  ACTIVEJOBS_FAKE_KEY,
  parseOrFilter,
} from '../../../../../test/fakes/activejobs-fake'
import { type Fakes, startFakes } from '../../../../../test/fakes/index'
import {
  activeJobsAgainst,
  backfillWindow,
  collector,
  combo,
  dailyWindow,
  grid,
  sum,
} from '../../../../../test/helpers/sources'
import type { CallRecord } from '../rapidapi-gateway'
import { SourceError } from '../source-error'
import { locationMatches, planBatches, titleMatches } from './batching'

let fakes: Fakes
let calls: CallRecord[]
beforeAll(async () => {
  fakes = await startFakes({ corpusSize: 12_000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  calls = []
  fakes.activeJobs.clearFaults()
  fakes.activeJobs.log.length = 0
  fakes.activeJobs.used.clear()
  fakes.activeJobs.rewrite = undefined
})

describe('Active Jobs DB client', () => {
  it('loads the last 24 hours with the legacy filters, descriptions and AI fields', async () => {
    const { pages, onPage } = collector()
    const summary = await activeJobsAgainst(fakes, calls).fetch(
      [combo('Engineer', 'München')],
      dailyWindow(fakes),
      {
        maxPages: 1,
        onPage,
      },
    )
    expect(fakes.activeJobs.log[0]).toMatchObject({
      path: '/active-ats-24h',
      query: {
        title_filter: '"Engineer"',
        location_filter: '"Munich"',
        description_type: 'text',
        include_ai: 'true',
        limit: '100',
        offset: '0',
      },
    })
    const jobs = pages.flatMap((p) => p.items.map((i) => i.job))
    expect(jobs.length).toBeGreaterThan(0)
    for (const job of jobs) {
      expect(job).toMatchObject({ source: 'activejobs', city: 'Munich' })
      expect(job.sourceJobId).toMatch(/^\d+$/)
      expect(job.postedAt).toMatch(/Z$/)
      expect(job.description).toBeTruthy()
      expect(job.workArrangement).not.toBeNull()
    }
    expect(summary.billedJobs).toBe(jobs.length)
    expect(summary.billedRequests).toBe(1)
  })

  it('pages with offset and limit until a short page, billing every job returned', async () => {
    const { pages, onPage } = collector()
    const summary = await activeJobsAgainst(fakes, calls, { limit: 10 }).fetch(
      [combo('Engineer', 'Berlin')],
      backfillWindow(fakes, 7),
      {
        maxPages: 50,
        onPage,
      },
    )
    const offsets = fakes.activeJobs.log.map((r) => Number(r.query.offset))
    expect(offsets).toEqual(offsets.map((_, i) => i * 10))
    expect(fakes.activeJobs.log.every((r) => r.path === '/active-ats-7d')).toBe(true)
    const returned = pages.map((p) => p.billedJobs)
    expect(returned.at(-1)).toBeLessThan(10)
    expect(returned.slice(0, -1).every((n) => n === 10)).toBe(true)
    expect(summary.billedJobs).toBe(fakes.activeJobs.billed(ACTIVEJOBS_FAKE_KEY).jobs)
    expect(sum(calls, (c) => c.billedJobs)).toBe(fakes.activeJobs.billed(ACTIVEJOBS_FAKE_KEY).jobs)
  })

  it('keeps a backfill inside its window with date_filter and its own check', async () => {
    const { pages, onPage } = collector()
    const window = backfillWindow(fakes, 3)
    await activeJobsAgainst(fakes, calls).fetch([combo('Engineer', 'Berlin')], window, {
      maxPages: 5,
      onPage,
    })
    expect(fakes.activeJobs.log[0]?.query.date_filter).toBe(window.since.toISOString().slice(0, 19))
    for (const item of pages.flatMap((p) => p.items)) {
      expect(Date.parse(item.job.postedAt!)).toBeGreaterThan(window.since.getTime())
    }
  })

  it('reaches a month back through /active-ats-6m when the plan allows it, cutting the rest on its side', async () => {
    const { pages, onPage } = collector()
    await activeJobsAgainst(fakes, calls, { backfillWindow: '6m' }).fetch(
      [combo('Data Scientist', 'Berlin')],
      backfillWindow(fakes, 30),
      {
        maxPages: 5,
        onPage,
      },
    )
    expect(fakes.activeJobs.log[0]?.path).toBe('/active-ats-6m')
    expect(sum(pages, (p) => p.droppedOutsideWindow)).toBeGreaterThan(0)
    const oldest = Math.min(...pages.flatMap((p) => p.items.map((i) => Date.parse(i.job.postedAt!))))
    expect(oldest).toBeGreaterThanOrEqual(fakes.clock.now().getTime() - 31 * 86_400_000)
  })

  it('speaks the 2026 generation: /active-ats?time_frame= with title and location', async () => {
    const { pages, onPage } = collector()
    await activeJobsAgainst(fakes, calls, { generation: '2026' }).fetch(
      [combo('Engineer', 'Berlin')],
      backfillWindow(fakes, 7),
      {
        maxPages: 2,
        onPage,
      },
    )
    expect(fakes.activeJobs.log[0]).toMatchObject({
      path: '/active-ats',
      query: {
        time_frame: '7d',
        title: '"Engineer"',
        location: '"Berlin"',
        description_format: 'text',
        limit: '100',
      },
    })
    expect(sum(pages, (p) => p.items.length)).toBeGreaterThan(0)
  })

  it('batches a 3 × 2 grid: fewer requests, no more billed jobs, every job with the right combinations', async () => {
    const combos = grid(['Data Engineer', 'Data Scientist', 'ML Engineer'], ['Berlin', 'München'])
    const window = backfillWindow(fakes, 7)

    const single = collector()
    for (const c of combos)
      await activeJobsAgainst(fakes, calls).fetch([c], window, { maxPages: 5, onPage: single.onPage })
    const singleRequests = sum(single.pages, (p) => p.billedRequests)
    const singleJobs = sum(single.pages, (p) => p.billedJobs)

    const batched = collector()
    await activeJobsAgainst(fakes, calls).fetch(combos, window, { maxPages: 5, onPage: batched.onPage })
    expect(fakes.activeJobs.log.at(-1)?.query).toMatchObject({
      title_filter: '"Data Engineer" OR "Data Scientist" OR "ML Engineer"',
      location_filter: '"Berlin" OR "Munich"',
    })
    const batchRequests = sum(batched.pages, (p) => p.billedRequests)
    const batchJobs = sum(batched.pages, (p) => p.billedJobs)
    expect(batchRequests).toBeLessThan(singleRequests)
    expect(batchJobs).toBeLessThanOrEqual(singleJobs)

    // The same job → combinations assignment as six separate calls would give.
    const expected = new Map<string, Set<string>>()
    for (const page of single.pages)
      for (const item of page.items) {
        const set = expected.get(item.job.sourceJobId) ?? new Set()
        for (const m of item.matches) set.add(`${m.titleKey}|${m.locationKey}`)
        expected.set(item.job.sourceJobId, set)
      }
    const actual = new Map<string, Set<string>>()
    for (const page of batched.pages)
      for (const item of page.items)
        actual.set(item.job.sourceJobId, new Set(item.matches.map((m) => `${m.titleKey}|${m.locationKey}`)))
    expect(actual.size).toBeGreaterThan(0)
    expect(actual).toEqual(expected)
  })
})

describe('Active Jobs DB errors', () => {
  const fetchOne = (overrides = {}) =>
    activeJobsAgainst(fakes, calls, overrides).fetch([combo('Engineer', 'Berlin')], dailyWindow(fakes), {
      maxPages: 1,
      onPage: async () => {},
    })

  it('says which quota is spent and when it resets', async () => {
    fakes.activeJobs.inject({ fault: 'monthly-429', times: 1 })
    const { stoppedBy, failures } = await fetchOne()
    expect(stoppedBy).toBeInstanceOf(SourceError)
    expect(stoppedBy?.message).toBe('Active Jobs DB monthly quota exhausted; resets in 20 days.')
    expect(failures[0]?.error).toBe(stoppedBy)
    expect(fakes.activeJobs.log).toHaveLength(1)
  })

  it('says the key is invalid', async () => {
    const { stoppedBy } = await fetchOne({ apiKey: 'nope' })
    expect(stoppedBy?.message).toBe(
      'Active Jobs DB key is invalid: check ACTIVEJOBS_API_KEY or the key in the settings.',
    )
  })

  it('reports an endpoint the plan does not include, without retrying', async () => {
    const summary = await activeJobsAgainst(fakes, calls, {
      apiKey: ACTIVEJOBS_BASIC_KEY,
      backfillWindow: '6m',
    }).fetch([combo('Engineer', 'Berlin')], backfillWindow(fakes, 30), {
      maxPages: 1,
      onPage: async () => {},
    })
    expect(summary.failures[0]?.error).toMatchObject({ kind: 'endpoint-disabled' })
    expect(summary.failures[0]?.error.message).toMatch(
      /^Active Jobs DB endpoint \/active-ats-6m is not part of your plan/,
    )
    expect(fakes.activeJobs.log).toHaveLength(1)
  })

  it('retries a 502 and a burst 429, billing only the answer it used', async () => {
    fakes.activeJobs.inject({ fault: '502', times: 1 })
    fakes.activeJobs.inject({ fault: 'burst-429', times: 1 })
    const summary = await fetchOne()
    expect(summary.failures).toEqual([])
    expect(fakes.activeJobs.log.map((r) => r.status)).toEqual([502, 429, 200])
    expect(sum(calls, (c) => c.billedJobs)).toBe(fakes.activeJobs.billed(ACTIVEJOBS_FAKE_KEY).jobs)
    expect(calls.map((c) => c.billedRequests)).toEqual([0, 0, 1])
  })

  it('names the field when the answer changes shape (one bad row alone is skipped, see tolerant-rows.test.ts)', async () => {
    fakes.activeJobs.rewrite = () => ({ jobs: [] })
    const summary = await fetchOne()
    expect(summary.failures[0]?.error.message).toBe(
      'Active Jobs DB changed its answer to /active-ats-24h: the body: Invalid input: expected array, received object. Update Job Monitor; nothing from this answer was stored.',
    )
  })
})

describe('batch planning and local assignment', () => {
  it('batches only full grids and keeps the rest apart', () => {
    const combos = [
      ...grid(['Data Engineer', 'ML Engineer'], ['Berlin', 'Hamburg']),
      combo('Nurse', 'Berlin'),
      combo('Data Engineer', 'Remote'),
    ]
    const batches = planBatches(combos, { maxTitles: 10, maxLocations: 10 })
    const shapes = batches
      .map((b) => `${b.titles.join('+')} @ ${b.remote ? 'remote' : b.locations.join('+')}`)
      .sort()
    expect(shapes).toEqual(
      [
        'Data Engineer @ remote',
        'Data Engineer+ML Engineer @ Hamburg',
        'Data Engineer+ML Engineer+Nurse @ Berlin',
      ].sort(),
    )
    expect(batches.reduce((n, b) => n + b.combinations.length, 0)).toBe(combos.length)
  })

  it('splits a grid larger than the limits', () => {
    const combos = grid(['A', 'B', 'C'], ['Berlin', 'Hamburg', 'Köln'])
    const batches = planBatches(combos, { maxTitles: 2, maxLocations: 2 })
    expect(batches).toHaveLength(4)
    expect(batches.flatMap((b) => b.combinations)).toHaveLength(9)
  })

  it('matches titles by their words and places by their spellings', () => {
    expect(titleMatches('Senior Data Engineer (m/w/d)', 'Data Engineer')).toBe(true)
    expect(titleMatches('Data Engineers', 'Data Engineer')).toBe(true)
    expect(titleMatches('Data Scientist', 'Data Engineer')).toBe(false)
    expect(locationMatches(['Munich, Bavaria, Germany'], ['Munich'], 'München')).toBe(true)
    expect(locationMatches(['Berlin, Germany'], ['Berlin'], 'Hamburg')).toBe(false)
  })

  it('the fake parses the OR grammar as documented', () => {
    expect(parseOrFilter('"Data Engineer" OR "ML Engineer" OR python -intern')).toEqual([
      { phrases: [['data', 'engineer']], excluded: [] },
      { phrases: [['ml', 'engineer']], excluded: [] },
      { phrases: [['python']], excluded: [['intern']] },
    ])
  })
})
