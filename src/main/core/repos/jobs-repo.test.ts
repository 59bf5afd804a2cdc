import { expect, it } from 'vitest'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import { combinationKey } from '../normalize/combination-key'
import { upsertJobs } from './jobs-repo'

const berlin = combinationKey('Data Engineer', 'Berlin')
const hamburg = combinationKey('Data Engineer', 'Hamburg')

describeEachDialect('job upsert and deduplication', (t) => {
  it('stores a new job with its posting and the combination that found it', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const [outcome] = await upsertJobs(db, [{ job: makeJob(), matches: [berlin] }], clock)
    expect(outcome).toEqual({ jobId: expect.any(Number), isNew: true })
    const job = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow()
    expect(job).toMatchObject({
      title: 'Data Engineer (m/w/d)',
      company: 'Example GmbH',
      canonical_url: 'de.linkedin.com/jobs/view/data-engineer-4100000000',
      is_remote: 0,
      first_seen_at: '2026-11-28T06:00:00.000Z',
      sort_at: '2026-11-27T00:00:00.000Z',
    })
    const posting = await db.selectFrom('job_postings').selectAll().executeTakeFirstOrThrow()
    expect(posting).toMatchObject({ job_id: outcome!.jobId, source: 'jsearch' })
    expect(JSON.parse(posting.raw_json)).toEqual({ job_id: 'Xk3n9pQ2aB0AAAAAAAAAAA==' })
    const matches = await db.selectFrom('job_matches').selectAll().execute()
    expect(matches).toMatchObject([
      { job_id: outcome!.jobId, title_key: 'data engineer', location_key: 'berlin' },
    ])
  })

  it('sorts a job without a posting date at the start of the window it was found in, never above new jobs', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    // The daily load's window: the last 24 hours. One job was posted an hour ago; the other has no date.
    const since = new Date(clock().getTime() - 86_400_000).toISOString()
    await upsertJobs(
      db,
      [
        {
          job: makeJob({
            sourceJobId: 'dated',
            applyUrl: 'https://jobs.example.de/dated',
            title: 'Dated',
            postedAt: new Date(clock().getTime() - 3_600_000).toISOString(),
          }),
          matches: [berlin],
        },
        {
          job: makeJob({
            sourceJobId: 'undated',
            applyUrl: 'https://jobs.example.de/undated',
            title: 'Undated',
            postedAt: null,
          }),
          matches: [berlin],
        },
      ],
      clock,
      { postedAfter: since },
    )
    const newestFirst = await db
      .selectFrom('jobs')
      .select(['title', 'sort_at', 'posted_at'])
      .orderBy('sort_at', 'desc')
      .execute()
    expect(newestFirst.map((j) => j.title)).toEqual(['Dated', 'Undated'])
    expect(newestFirst[1]).toMatchObject({ sort_at: since, posted_at: null })
    // Seen again a day later, still undated: it keeps its place and does not jump to the top.
    clock.advance(86_400_000)
    await upsertJobs(
      db,
      [
        {
          job: makeJob({
            sourceJobId: 'undated',
            applyUrl: 'https://jobs.example.de/undated',
            title: 'Undated',
            postedAt: null,
          }),
          matches: [hamburg],
        },
      ],
      clock,
      { postedAfter: new Date(clock().getTime() - 86_400_000).toISOString() },
    )
    const undated = await db
      .selectFrom('jobs')
      .select('sort_at')
      .where('title', '=', 'Undated')
      .executeTakeFirstOrThrow()
    expect(undated.sort_at).toBe(since)
  })

  it('recognises the same source id again and moves last-seen on', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const [first] = await upsertJobs(db, [{ job: makeJob(), matches: [berlin] }], clock)
    clock.advance(86_400_000)
    const [again] = await upsertJobs(
      db,
      [{ job: makeJob({ salaryMin: 60000, salaryCurrency: 'EUR' }), matches: [hamburg] }],
      clock,
    )
    expect(again).toEqual({ jobId: first!.jobId, isNew: false })
    const jobs = await db.selectFrom('jobs').selectAll().execute()
    expect(jobs).toHaveLength(1)
    expect(jobs[0]).toMatchObject({
      last_seen_at: '2026-11-29T06:00:00.000Z',
      salary_min: 60000,
      salary_currency: 'EUR',
    })
    const matches = await db
      .selectFrom('job_matches')
      .select('location_key')
      .orderBy('location_key')
      .execute()
    expect(matches.map((m) => m.location_key)).toEqual(['berlin', 'hamburg'])
  })

  it('merges the same job from the other API by its apply URL, keeping both postings', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const fromJsearch = makeJob({
      applyUrl: 'https://www.example.de/careers/4711?utm_source=linkedin&gh_src=x',
      company: 'Example Analytics',
      title: 'Data Engineer',
    })
    const fromActiveJobs = makeJob({
      source: 'activejobs',
      sourceJobId: '1385663960',
      applyUrl: 'https://example.de/careers/4711#apply',
      company: 'Example Analytics SE',
      title: 'Data Engineer - Platform',
      postedAt: '2026-11-26T09:12:00.000Z',
    })
    const [a] = await upsertJobs(db, [{ job: fromJsearch, matches: [berlin] }], clock)
    const [b] = await upsertJobs(db, [{ job: fromActiveJobs, matches: [berlin] }], clock)
    expect(b).toEqual({ jobId: a!.jobId, isNew: false })
    const postings = await db
      .selectFrom('job_postings')
      .select(['source', 'job_id'])
      .orderBy('source')
      .execute()
    expect(postings).toEqual([
      { source: 'activejobs', job_id: a!.jobId },
      { source: 'jsearch', job_id: a!.jobId },
    ])
    // The earlier posted date of the two sightings wins.
    const job = await db.selectFrom('jobs').select(['posted_at', 'sort_at']).executeTakeFirstOrThrow()
    expect(job.posted_at).toBe('2026-11-26T09:12:00.000Z')
    expect(job.sort_at).toBe('2026-11-26T09:12:00.000Z')
  })

  it('merges by company + title + location when URLs differ: "GmbH" vs "GmbH." and a gender marker', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const outcomes = await upsertJobs(
      db,
      [
        { job: makeJob({ sourceJobId: 'a', applyUrl: 'https://jobs.example.de/1' }), matches: [berlin] },
        {
          job: makeJob({
            source: 'activejobs',
            sourceJobId: '2',
            company: 'Example GmbH.',
            title: 'Data Engineer',
            location: 'Berlin',
            applyUrl: 'https://example.jobs.personio.de/job/99',
          }),
          matches: [berlin],
        },
      ],
      clock,
    )
    expect(outcomes[1]!.jobId).toBe(outcomes[0]!.jobId)
    expect(outcomes.map((o) => o.isNew)).toEqual([true, false])
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(1)
    expect(await db.selectFrom('job_postings').select('id').execute()).toHaveLength(2)
  })

  it('keeps a different title at the same company apart', async () => {
    const { db } = await t.fresh()
    const outcomes = await upsertJobs(
      db,
      [
        { job: makeJob({ sourceJobId: 'a', applyUrl: 'https://jobs.example.de/1' }), matches: [berlin] },
        {
          job: makeJob({
            sourceJobId: 'b',
            title: 'Senior Data Engineer (m/w/d)',
            applyUrl: 'https://jobs.example.de/2',
          }),
          matches: [berlin],
        },
        {
          job: makeJob({
            sourceJobId: 'c',
            location: 'Hamburg, Germany',
            city: 'Hamburg',
            applyUrl: 'https://jobs.example.de/3',
          }),
          matches: [hamburg],
        },
      ],
      testClock(),
    )
    expect(new Set(outcomes.map((o) => o.jobId)).size).toBe(3)
    expect(outcomes.every((o) => o.isNew)).toBe(true)
  })

  it('does not merge jobs without a company on title alone', async () => {
    const { db } = await t.fresh()
    const outcomes = await upsertJobs(
      db,
      [
        { job: makeJob({ sourceJobId: 'a', company: null, applyUrl: null }), matches: [berlin] },
        { job: makeJob({ sourceJobId: 'b', company: null, applyUrl: null }), matches: [berlin] },
      ],
      testClock(),
    )
    expect(outcomes[0]!.jobId).not.toBe(outcomes[1]!.jobId)
  })

  it('writes a page of 100 jobs as one transaction: all or nothing', async () => {
    const { db } = await t.fresh()
    const page = Array.from({ length: 100 }, (_, i) => ({
      job: makeJob({
        sourceJobId: `id-${i}`,
        title: `Data Engineer ${i}`,
        applyUrl: `https://jobs.example.de/${i}`,
      }),
      matches: [berlin],
    }))
    // The last job is broken (a title is required): the whole page must be rolled back.
    const broken = [
      ...page.slice(0, 99),
      { job: makeJob({ sourceJobId: 'bad', title: null as unknown as string }), matches: [berlin] },
    ]
    await expect(upsertJobs(db, broken, testClock())).rejects.toThrow()
    expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(0)
    expect(await db.selectFrom('job_postings').select('id').execute()).toHaveLength(0)

    const outcomes = await upsertJobs(db, page, testClock())
    expect(outcomes.filter((o) => o.isNew)).toHaveLength(100)
    // Each outcome points at the row that carries its title (ids map back in input order).
    const rows = await db.selectFrom('jobs').select(['id', 'title']).execute()
    const titleById = new Map(rows.map((r) => [r.id, r.title]))
    outcomes.forEach((o, i) => {
      expect(titleById.get(o.jobId)).toBe(`Data Engineer ${i}`)
    })
  })

  it('counts a job new only once when it appears twice in one page', async () => {
    const { db } = await t.fresh()
    const outcomes = await upsertJobs(
      db,
      [
        { job: makeJob(), matches: [berlin] },
        { job: makeJob({ source: 'activejobs', sourceJobId: '77' }), matches: [berlin] },
      ],
      testClock(),
    )
    expect(outcomes.map((o) => o.isNew)).toEqual([true, false])
    expect(outcomes[0]!.jobId).toBe(outcomes[1]!.jobId)
  })

  it('gives a newly learnt apply URL to one job only, never failing the page', async () => {
    const { db } = await t.fresh()
    const clock = testClock()
    const withoutUrl = (id: string, title: string) =>
      makeJob({ sourceJobId: id, title, applyUrl: null, company: null })
    await upsertJobs(
      db,
      [
        { job: withoutUrl('a', 'Data Engineer'), matches: [berlin] },
        { job: withoutUrl('b', 'Data Engineer'), matches: [berlin] },
      ],
      clock,
    )
    // Both postings come back carrying the same apply URL: one job may take it, the page must not fail.
    const url = 'https://jobs.example.de/shared'
    const outcomes = await upsertJobs(
      db,
      [
        { job: { ...withoutUrl('a', 'Data Engineer'), applyUrl: url }, matches: [berlin] },
        { job: { ...withoutUrl('b', 'Data Engineer'), applyUrl: url }, matches: [berlin] },
      ],
      clock,
    )
    expect(outcomes.every((o) => !o.isNew)).toBe(true)
    const urls = await db.selectFrom('jobs').select('canonical_url').orderBy('id').execute()
    expect(urls.map((u) => u.canonical_url)).toEqual(['jobs.example.de/shared', null])
  })
})
