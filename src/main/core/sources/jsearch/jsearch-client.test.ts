import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Fakes, startFakes } from '../../../../../test/fakes/index'
import { JSEARCH_FAKE_KEY } from '../../../../../test/fakes/jsearch-fake'
import {
  backfillWindow,
  collector,
  combo,
  dailyWindow,
  jsearchAgainst,
  sum,
} from '../../../../../test/helpers/sources'
import type { CallRecord } from '../rapidapi-gateway'
import { SourceError } from '../source-error'
import { datePostedFor, jsearchBilledRequests } from './jsearch-client'

let fakes: Fakes
let calls: CallRecord[]
beforeAll(async () => {
  // Dense enough that one city and title have jobs on every single day.
  fakes = await startFakes({ corpusSize: 12_000 })
})
afterAll(() => fakes.stop())
beforeEach(() => {
  calls = []
  fakes.jsearch.clearFaults()
  fakes.jsearch.log.length = 0
  fakes.jsearch.used.clear()
  fakes.jsearch.rewrite = undefined
})

const berlin = combo('Data Engineer', 'Berlin')

describe('JSearch client', () => {
  it('asks for "<title> in <location>" in the right country and keeps only jobs of the last day', async () => {
    const { pages, onPage } = collector()
    const engineers = combo('Engineer', 'München')
    const summary = await jsearchAgainst(fakes, calls).fetch([engineers], dailyWindow(fakes), {
      maxPages: 1,
      onPage,
    })
    const [request] = fakes.jsearch.log
    expect(request?.query).toMatchObject({
      // The place in the English the index uses; the country always said.
      query: 'Engineer in Munich',
      country: 'de',
      date_posted: 'today',
      page: '1',
      num_pages: '1',
    })
    const jobs = pages.flatMap((p) => p.items.map((i) => i.job))
    expect(jobs.length).toBeGreaterThan(0)
    for (const job of jobs) {
      expect(job.title).toMatch(/engineer/i)
      expect(job.city).toBe('Munich')
      expect(job.source).toBe('jsearch')
      // Day-granular: posted no earlier than the start of yesterday (UTC).
      if (job.postedAt)
        expect(Date.parse(job.postedAt)).toBeGreaterThanOrEqual(Date.parse('2026-11-27T00:00:00.000Z'))
    }
    expect(pages[0]!.items.every((i) => i.matches[0]!.locationKey === 'munich')).toBe(true)
    expect(summary).toMatchObject({ calls: 1, billedRequests: 1, failures: [] })
  })

  it('pages until a short page and bills as JSearch does (1 / 2 / 3 requests)', async () => {
    const { pages, onPage } = collector()
    const everywhere = combo('Engineer', 'Berlin')
    const summary = await jsearchAgainst(fakes, calls, { pagesPerCall: 2 }).fetch(
      [everywhere],
      backfillWindow(fakes),
      {
        maxPages: 20,
        onPage,
      },
    )
    const requests = fakes.jsearch.log.map((r) => r.query)
    expect(requests.map((q) => q.page)).toEqual(requests.map((_, i) => String(1 + 2 * i)))
    const returned = sum(pages, (p) => p.items.length + p.droppedOutsideWindow)
    expect(returned % 20).not.toBe(0) // it stopped on a short page
    expect(summary.billedRequests).toBe(2 * requests.length)
    expect(sum(calls, (c) => c.billedRequests)).toBe(fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests)
    expect([1, 2, 10, 11, 20].map(jsearchBilledRequests)).toEqual([1, 2, 2, 3, 3])
  })

  it('stops at the page budget', async () => {
    const { onPage } = collector()
    await jsearchAgainst(fakes, calls, { pagesPerCall: 10 }).fetch(
      [combo('Engineer', 'Berlin')],
      backfillWindow(fakes, 60),
      {
        maxPages: 3,
        onPage,
      },
    )
    expect(fakes.jsearch.log.map((r) => r.query.num_pages)).toEqual(['3'])
    expect(fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests).toBe(2)
  })

  it('re-checks the window on its side: day-granular dates count by day, undated rows dated from their relative text', async () => {
    const { pages, onPage } = collector()
    const window = backfillWindow(fakes, 10)
    expect(datePostedFor(window)).toBe('month')
    await jsearchAgainst(fakes, calls).fetch([combo('Engineer', 'Berlin')], window, { maxPages: 10, onPage })
    const kept = pages.flatMap((p) => p.items.map((i) => i.job))
    expect(sum(pages, (p) => p.droppedOutsideWindow)).toBeGreaterThan(0)
    const dayStart = Date.UTC(
      window.since.getUTCFullYear(),
      window.since.getUTCMonth(),
      window.since.getUTCDate(),
    )
    for (const job of kept)
      if (job.postedAt) expect(Date.parse(job.postedAt)).toBeGreaterThanOrEqual(dayStart)
    const undated = kept.filter(
      (job) => (job.raw as Record<string, unknown>).job_posted_at_datetime_utc === null,
    )
    expect(undated.length).toBeGreaterThan(0)
    expect(undated.every((job) => job.postedAt !== null)).toBe(true)
    expect(kept.some((job) => job.postedAt?.endsWith('T00:00:00.000Z'))).toBe(true)
  })

  it('searches remote jobs with work_from_home and no country', async () => {
    const { pages, onPage } = collector()
    await jsearchAgainst(fakes, calls).fetch([combo('Data Scientist', 'Remote')], backfillWindow(fakes), {
      maxPages: 1,
      onPage,
    })
    expect(fakes.jsearch.log[0]?.query).toMatchObject({ query: 'Data Scientist', work_from_home: 'true' })
    expect(fakes.jsearch.log[0]?.query.country).toBeUndefined()
    expect(pages.flatMap((p) => p.items).every((i) => i.job.isRemote)).toBe(true)
  })

  it('falls back to /search-v2 when /search answers 404', async () => {
    const v2 = await startFakes({ v2Only: true, corpusSize: 500 })
    try {
      const { pages, onPage } = collector()
      const summary = await jsearchAgainst(v2, calls).fetch(
        [berlin, combo('Data Scientist', 'Berlin')],
        backfillWindow(v2),
        {
          maxPages: 2,
          onPage,
        },
      )
      expect(summary.failures).toEqual([])
      // Each combination in flight may hit /search once; everything after the 404 goes to /search-v2.
      expect(v2.jsearch.log.filter((r) => r.path === '/search').length).toBeLessThanOrEqual(2)
      expect(v2.jsearch.log.filter((r) => r.path === '/search-v2').length).toBeGreaterThanOrEqual(2)
      expect(pages.every((p) => p.endpoint === '/search-v2')).toBe(true)
      expect(sum(pages, (p) => p.items.length)).toBeGreaterThan(0)
    } finally {
      await v2.stop()
    }
  })
})

describe('JSearch errors', () => {
  const fetchOne = (overrides = {}) =>
    jsearchAgainst(fakes, calls, overrides).fetch([berlin], dailyWindow(fakes), {
      maxPages: 1,
      onPage: async () => {},
    })

  it('stops the whole source on a bad key, without retrying, and fails every combination with it', async () => {
    const source = jsearchAgainst(fakes, calls, { apiKey: 'wrong', concurrency: 1 })
    const summary = await source.fetch(
      [berlin, combo('Data Scientist', 'Berlin'), combo('ML Engineer', 'Hamburg')],
      dailyWindow(fakes),
      { maxPages: 1, onPage: async () => {} },
    )
    expect(summary.stoppedBy).toBeInstanceOf(SourceError)
    expect(summary.stoppedBy).toMatchObject({
      kind: 'bad-key',
      message: 'JSearch key is invalid: check JSEARCH_API_KEY or the key in the settings.',
    })
    expect(summary.failures.flatMap((f) => f.combinations)).toHaveLength(3)
    expect(summary.failures.every((f) => f.error === summary.stoppedBy)).toBe(true)
    // The other combinations were never sent.
    expect(fakes.jsearch.log).toHaveLength(1)
    expect(calls).toMatchObject([{ status: 401, billedRequests: 0 }])
  })

  it.each([
    ['403', 'not-subscribed', /not subscribed to the API: subscribe to it on RapidAPI/],
    ['monthly-429', 'quota-exhausted', /^JSearch monthly quota exhausted; resets in 20 days\.$/],
    ['disabled', 'endpoint-disabled', /not part of your plan/],
  ] as const)('does not retry %s (%s)', async (fault, kind, message) => {
    fakes.jsearch.inject({ fault, times: 5 })
    const outcome = await fetchOne().catch((e: unknown) => e)
    const error =
      outcome instanceof SourceError
        ? outcome
        : (outcome as { failures: Array<{ error: SourceError }> }).failures[0]?.error
    expect(error).toMatchObject({ kind })
    expect(error?.message).toMatch(message)
    expect(fakes.jsearch.log).toHaveLength(1)
  })

  it.each(['burst-429', '500', '503', 'reset'] as const)(
    'retries a %s and then succeeds, billed once',
    async (fault) => {
      fakes.jsearch.inject({ fault, times: 2 })
      const summary = await fetchOne()
      expect(summary.failures).toEqual([])
      expect(fakes.jsearch.log).toHaveLength(3)
      expect(fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests).toBe(1)
      expect(sum(calls, (c) => c.billedRequests)).toBe(1)
    },
  )

  it('honours Retry-After on a burst 429', async () => {
    fakes.jsearch.inject({ fault: 'burst-429', times: 1, retryAfter: 1 })
    const started = Date.now()
    await fetchOne()
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it('gives up after the retries and reports the combination as failed, not the whole run', async () => {
    fakes.jsearch.inject({ fault: '503', times: 10, path: '/search' })
    const summary = await fetchOne({ maxRetries: 2 })
    expect(summary.failures).toHaveLength(1)
    expect(summary.failures[0]!.error.message).toBe(
      'JSearch answered 503 (Internal error) — still failing after 3 tries; the next run tries again.',
    )
    expect(fakes.jsearch.log).toHaveLength(3)
  })

  it('times out a hanging call and tries again', async () => {
    fakes.jsearch.inject({ fault: 'hang', times: 1 })
    const summary = await fetchOne({ timeoutMs: 300 })
    expect(summary.failures).toEqual([])
    expect(calls[0]).toMatchObject({ status: null, error: 'JSearch did not answer within 300 ms.' })
  })

  it('retries a truncated answer, which JSearch bills like any other', async () => {
    fakes.jsearch.inject({ fault: 'truncated', times: 1 })
    const summary = await fetchOne()
    expect(summary.failures).toEqual([])
    expect(fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests).toBe(2)
    expect(sum(calls, (c) => c.billedRequests)).toBe(2)
  })

  it('reports malformed JSON without retrying, and records that it was billed', async () => {
    fakes.jsearch.inject({ fault: 'malformed', times: 1 })
    const summary = await fetchOne()
    expect(summary.failures[0]!.error).toMatchObject({ kind: 'bad-response' })
    expect(summary.failures[0]!.error.message).toMatch(/^JSearch sent an answer to \/search that is not JSON/)
    expect(sum(calls, (c) => c.billedRequests)).toBe(fakes.jsearch.billed(JSEARCH_FAKE_KEY).requests)
  })

  it('names the field when the envelope changes shape, and hands over nothing from that answer', async () => {
    // One bad row alone is skipped (tolerant-rows.test.ts); an envelope we cannot read fails the call.
    fakes.jsearch.rewrite = (_path, body) => ({ ...(body as object), data: 'none' })
    const { pages, onPage } = collector()
    const summary = await jsearchAgainst(fakes, calls).fetch([berlin], backfillWindow(fakes), {
      maxPages: 1,
      onPage,
    })
    expect(pages).toEqual([])
    expect(summary.failures[0]!.error.message).toBe(
      'JSearch changed its answer to /search: data: Invalid input: expected array, received string. Update Job Monitor; nothing from this answer was stored.',
    )
  })

  it('tolerates unknown fields and nulls', async () => {
    fakes.jsearch.rewrite = (_path, body) => {
      const b = body as { data: Array<Record<string, unknown>> }
      for (const job of b.data)
        Object.assign(job, {
          brand_new_field: { x: 1 },
          employer_name: null,
          job_city: null,
          job_min_salary: null,
        })
      return b
    }
    const { pages, onPage } = collector()
    await jsearchAgainst(fakes, calls).fetch([berlin], backfillWindow(fakes), { maxPages: 1, onPage })
    const jobs = pages.flatMap((p) => p.items.map((i) => i.job))
    expect(jobs.length).toBeGreaterThan(0)
    expect(jobs.every((j) => j.company === null && (j.raw as Record<string, unknown>).brand_new_field)).toBe(
      true,
    )
  })
})

describe('JSearch rows as real answers shape them', () => {
  const EMPLOYMENT = {
    FULLTIME: 'full-time',
    PARTTIME: 'part-time',
    CONTRACTOR: 'contract',
    INTERN: 'internship',
  }

  it('reads "Full-time" and "FULLTIME" alike, ISO countries, currencies from the country, "City, ST" places', async () => {
    const { pages, onPage } = collector()
    await jsearchAgainst(fakes, calls).fetch(
      [combo('Engineer', 'Austin'), combo('Engineer', 'Berlin')],
      backfillWindow(fakes, 7),
      { maxPages: 2, onPage },
    )
    const byId = new Map(fakes.corpus.map((j) => [j.jsearchId, j]))
    const items = pages.flatMap((p) => p.items)
    expect(items.length).toBeGreaterThan(20)
    const raws = items.map((i) => i.job.raw as Record<string, unknown>)
    expect(raws.some((r) => r.job_employment_type === 'Full-time')).toBe(true)
    expect(raws.some((r) => r.job_employment_type === 'FULLTIME')).toBe(true)
    expect(raws.some((r) => r.job_location === 'Austin, TX')).toBe(true)
    expect(raws.some((r) => r.job_min_salary != null && !('job_salary_currency' in r))).toBe(true)
    for (const { job } of items) {
      const truth = byId.get(job.sourceJobId)!
      expect([job.sourceJobId, job.employmentType, job.country]).toEqual([
        job.sourceJobId,
        EMPLOYMENT[truth.employmentType],
        truth.countryCode,
      ])
      if (truth.salary)
        expect([job.sourceJobId, job.salaryCurrency]).toEqual([job.sourceJobId, truth.salary.currency])
      if (truth.countryCode === 'US') expect(job.region).toBe('TX')
    }
  })

  it('never asks JSearch without a country: a place it cannot put in one is skipped and named', async () => {
    const { onPage } = collector()
    const notices: string[] = []
    const summary = await jsearchAgainst(fakes, calls).fetch(
      [combo('Engineer', 'Xyzzyville')],
      dailyWindow(fakes),
      {
        maxPages: 1,
        onPage,
        onNotice: (n) => notices.push(n),
      },
    )
    expect(fakes.jsearch.log).toHaveLength(0)
    expect(summary.billedRequests).toBe(0)
    expect(notices).toEqual([
      expect.stringContaining('we could not place "Xyzzyville" in a country — edit it in your plan'),
    ])
  })

  it('sends the country for the US too, and for Seoul, Mainz and Wrocław', async () => {
    const { onPage } = collector()
    await jsearchAgainst(fakes, calls).fetch(
      ['Austin', 'Seoul', 'Mainz', 'Wrocław'].map((city) => combo('Engineer', city)),
      dailyWindow(fakes),
      { maxPages: 1, onPage },
    )
    const countries = fakes.jsearch.log.map((r) => [r.query.query, r.query.country])
    expect(countries).toEqual(
      expect.arrayContaining([
        ['Engineer in Austin', 'us'],
        ['Engineer in Seoul', 'kr'],
        ['Engineer in Mainz', 'de'],
        ['Engineer in Wrocław', 'pl'],
      ]),
    )
  })
})
