import { type Kysely, sql } from 'kysely'
import { expect, it } from 'vitest'
import * as fitMigration from '../../../../migrations/2026-12-03-11-fit-salary-watchlist'
import { DATA_ENGINEER, storeProfile } from '../../../../test/helpers/cv-profile'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import type { CvProfile } from '../cv/profile'
import type { Database } from '../db/schema'
import type { NormalizedJob } from '../jobs/job'
import { combinationKey } from '../normalize/combination-key'
import { listFeed, type SalaryFilter } from './feed-repo'
import { ensureFits, newJobsWorthTelling, unwatchCompany, watchCompany, watchedCompanies } from './fit-repo'
import { upsertJobs } from './jobs-repo'
import { addQueries } from './queries-repo'
import { upsertUser } from './users-repo'

const combo = combinationKey('Data Engineer', 'Berlin')

const PROFILE = DATA_ENGINEER

/** Posted a day apart, j1 oldest. */
const JOBS: Array<Partial<NormalizedJob> & { title: string }> = [
  {
    title: 'Data Engineer',
    company: 'Zalando SE',
    city: 'Berlin',
    country: 'DE',
    workArrangement: 'Hybrid',
    description: 'Python, Spark and Airflow.',
    salaryMin: 70_000,
    salaryMax: 85_000,
    salaryCurrency: 'EUR',
    salaryPeriod: 'YEAR',
  },
  {
    title: 'Nurse',
    company: 'Charité',
    city: 'Berlin',
    country: 'DE',
    description: 'Patients.',
    salaryMin: 20,
    salaryMax: 25,
    salaryCurrency: 'EUR',
    salaryPeriod: 'HOUR',
  },
  {
    title: 'Data Engineer',
    company: 'Acme Inc.',
    city: 'New York',
    country: 'US',
    description: 'Python only.',
    salaryMin: 150_000,
    salaryMax: 170_000,
    salaryCurrency: 'USD',
    salaryPeriod: 'YEAR',
  },
  {
    title: 'Backend Engineer',
    company: 'Zalando',
    city: 'Berlin',
    country: 'DE',
    description: 'Python and Spark.',
    salaryMin: 5_000,
    salaryMax: 6_000,
    salaryCurrency: 'EUR',
    salaryPeriod: 'MONTH',
  },
  {
    title: 'Data Engineer',
    company: 'Unknown Pay GmbH',
    city: 'Berlin',
    country: 'DE',
    description: 'Spark.',
  },
]

async function seed(db: Kysely<Database>, profile: CvProfile = PROFILE) {
  const clock = testClock('2026-11-20T06:00:00.000Z')
  const user = await upsertUser(db, { email: 'fit@example.com' }, clock)
  await addQueries(db, user.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
  await storeProfile(db, user.id, profile, clock().toISOString())
  const items = JOBS.map((j, i) => ({
    job: makeJob({
      ...j,
      location: j.city ?? null,
      region: null,
      sourceJobId: `f${i + 1}`,
      applyUrl: `https://jobs.example.org/fit/${i + 1}`,
      postedAt: new Date(Date.UTC(2026, 10, 10 + i)).toISOString(),
    }),
    matches: [combo],
  }))
  await upsertJobs(db, items, clock)
  return { userId: user.id, clock }
}

const byFit = async (
  db: Kysely<Database>,
  userId: number,
  extra: Partial<Parameters<typeof listFeed>[1]> = {},
) => (await listFeed(db, { userId, limit: 50, sort: 'fit', ...extra })).map((j) => `${j.company}:${j.fit}`)

describeEachDialect('the stored fit score', (t) => {
  it('scores a person’s jobs once, sorts best first, and scores new jobs as they are stored', async () => {
    const { db } = await t.fresh()
    const { userId, clock } = await seed(db)
    expect(await ensureFits(db, userId, clock)).toBe(JOBS.length)
    // Already up to date: nothing is scored again the same day.
    expect(await ensureFits(db, userId, clock)).toBe(0)
    const order = await listFeed(db, { userId, limit: 50, sort: 'fit' })
    expect(order.map((j) => j.company)).toEqual([
      'Zalando SE',
      'Unknown Pay GmbH',
      'Zalando',
      'Acme Inc.',
      'Charité',
    ])
    const best = order[0]!
    expect(best.fit).toBeGreaterThan(80)
    expect(JSON.parse(best.fit_reasons!).good).toEqual([
      'Python, Spark, Airflow',
      'your title',
      'hybrid in Berlin',
      '€70K–€85K a year',
    ])
    // Newest first among equal scores: the feed's order stays the tie-break.
    const scores = order.map((j) => j.fit!)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)

    // A job stored later is scored in the same transaction: it is in the fit order at once.
    await upsertJobs(
      db,
      [
        {
          job: makeJob({
            sourceJobId: 'late',
            title: 'Senior Data Engineer',
            company: 'Late GmbH',
            city: 'Berlin',
            country: 'DE',
            location: 'Berlin',
            workArrangement: 'Hybrid',
            description: 'Python, Spark, Airflow.',
            applyUrl: 'https://jobs.example.org/fit/late',
            postedAt: '2026-11-20T05:00:00.000Z',
          }),
          matches: [combo],
        },
      ],
      clock,
    )
    const withLate = await listFeed(db, { userId, limit: 2, sort: 'fit' })
    expect(withLate.map((j) => j.company)).toContain('Late GmbH')
    expect(withLate.every((j) => j.fit !== null)).toBe(true)
  })

  it('scores the stored jobs of a new pair of a title and a place the plan already holds', async () => {
    const { db } = await t.fresh()
    const { userId, clock } = await seed(db)
    await addQueries(db, userId, [{ title: 'Backend Engineer', location: 'Hamburg' }], clock)
    // Someone else's combination, Data Engineer in Hamburg, has a job stored already.
    const other = await upsertUser(db, { email: 'other@example.com' }, clock)
    await addQueries(db, other.id, [{ title: 'Data Engineer', location: 'Hamburg' }], clock)
    const hamburg = combinationKey('Data Engineer', 'Hamburg')
    await upsertJobs(
      db,
      [
        {
          job: makeJob({
            sourceJobId: 'hh',
            title: 'Data Engineer',
            company: 'Hafen AG',
            city: 'Hamburg',
            country: 'DE',
            location: 'Hamburg',
            applyUrl: 'https://jobs.example.org/fit/hh',
            postedAt: '2026-11-19T05:00:00.000Z',
          }),
          matches: [hamburg],
        },
      ],
      clock,
    )
    await ensureFits(db, userId, clock)
    // Both the title and the place are in the plan already; only the pair is new.
    await addQueries(db, userId, [{ title: 'Data Engineer', location: 'Hamburg' }], clock)
    expect(await ensureFits(db, userId, clock)).toBe(JOBS.length + 1)
    const order = await listFeed(db, { userId, limit: 50, sort: 'fit' })
    expect(order.map((j) => j.company)).toContain('Hafen AG')
    expect(order).toHaveLength(JOBS.length + 1)
  })

  it('scores again when the CV changes, and when a stored job gains its description', async () => {
    const { db } = await t.fresh()
    const { userId, clock } = await seed(db)
    await ensureFits(db, userId, clock)
    const before = await byFit(db, userId)
    // A new CV of a nurse: the nurse job rises to the top.
    clock.advance(60_000)
    await storeProfile(
      db,
      userId,
      { ...PROFILE, jobTitles: ['Nurse'], skills: ['Patients'], seniority: null, workArrangement: null },
      clock().toISOString(),
    )
    expect(await ensureFits(db, userId, clock)).toBe(JOBS.length)
    const after = await byFit(db, userId)
    expect(after).not.toEqual(before)
    expect(after[0]).toMatch(/^Charité:/)

    // The job without its skills gains a description naming them: its score moves without any rebuild.
    const bare = makeJob({
      sourceJobId: 'bare',
      title: 'Nurse',
      company: 'Vivantes',
      city: 'Berlin',
      country: 'DE',
      location: 'Berlin',
      description: null,
      applyUrl: 'https://jobs.example.org/fit/bare',
      postedAt: '2026-11-19T00:00:00.000Z',
    })
    await upsertJobs(db, [{ job: bare, matches: [combo] }], clock)
    const fitOf = async () =>
      (await listFeed(db, { userId, limit: 50, sort: 'fit' })).find((j) => j.company === 'Vivantes')!.fit!
    const without = await fitOf()
    await upsertJobs(db, [{ job: { ...bare, description: 'Caring for patients.' }, matches: [combo] }], clock)
    expect(await fitOf()).toBeGreaterThan(without)
  })

  it('filters by a minimum salary with periods converted, keeping unknown and other currencies unless asked', async () => {
    const { db } = await t.fresh()
    const { userId } = await seed(db)
    const companies = async (minSalary: SalaryFilter) =>
      (await listFeed(db, { userId, limit: 50, minSalary })).map((j) => j.company).sort()
    // 60,000 EUR a year: 5,000–6,000 a month is 60,000–72,000 a year (kept); 20–25 an hour is 35,200–44,000.
    expect(await companies({ yearly: 60_000, currency: 'EUR' })).toEqual([
      'Acme Inc.',
      'Unknown Pay GmbH',
      'Zalando',
      'Zalando SE',
    ])
    expect(await companies({ yearly: 60_000, currency: 'EUR', keepUnknown: false })).toEqual([
      'Zalando',
      'Zalando SE',
    ])
    expect(await companies({ yearly: 80_000, currency: 'EUR', keepUnknown: false })).toEqual(['Zalando SE'])
    // With a rate table the dollar salary is compared: 150–170k USD at 0.9 is 135–153k EUR.
    const rates = { EUR: 1, USD: 0.9 }
    expect(await companies({ yearly: 140_000, currency: 'EUR', rates, keepUnknown: false })).toEqual([
      'Acme Inc.',
    ])
    expect(await companies({ yearly: 160_000, currency: 'EUR', rates, keepUnknown: false })).toEqual([])
  })

  it('keeps a watchlist by the dedupe’s company form: a badge, a boost, a filter; one company by name', async () => {
    const { db } = await t.fresh()
    const { userId, clock } = await seed(db)
    await ensureFits(db, userId, clock)
    const plain = (await listFeed(db, { userId, limit: 50 })).find((j) => j.company === 'Zalando')!
    expect(await watchCompany(db, userId, 'ZALANDO  se', clock)).toBe(true)
    expect(await watchCompany(db, userId, 'Zalando', clock)).toBe(false)
    expect(await watchedCompanies(db, userId)).toEqual([{ name: 'ZALANDO  se', key: 'zalando' }])
    await ensureFits(db, userId, clock)
    const feed = await listFeed(db, { userId, limit: 50 })
    const watched = feed.filter((j) => j.watched === 1).map((j) => j.company)
    expect(watched.sort()).toEqual(['Zalando', 'Zalando SE'])
    expect(feed.find((j) => j.company === 'Zalando')!.fit).toBe(Math.min(100, plain.fit! + 10))
    const only = await listFeed(db, { userId, limit: 50, watchedOnly: true })
    expect(only.map((j) => j.company).sort()).toEqual(['Zalando', 'Zalando SE'])
    // Best fit first among the watched, and with a search: the same order as the whole feed by fit.
    const watchedByFit = await listFeed(db, { userId, limit: 50, watchedOnly: true, sort: 'fit' })
    expect(watchedByFit.map((j) => j.company)).toEqual(['Zalando SE', 'Zalando'])
    const searchedByFit = await listFeed(db, { userId, limit: 50, text: 'python', sort: 'fit' })
    expect(searchedByFit.map((j) => j.company)).toEqual(['Zalando SE', 'Zalando', 'Acme Inc.'])
    const acme = await listFeed(db, { userId, limit: 50, companyKey: 'acme' })
    expect(acme.map((j) => j.company)).toEqual(['Acme Inc.'])
    expect(await unwatchCompany(db, userId, 'zalando')).toBe(true)
    expect(await listFeed(db, { userId, limit: 50, watchedOnly: true })).toEqual([])
  })

  it('tells of new jobs above the fit threshold, and of watched companies whatever their fit', async () => {
    const { db } = await t.fresh()
    const { userId, clock } = await seed(db)
    const ids = (await db.selectFrom('jobs').select('id').execute()).map((r) => r.id)
    const all = await newJobsWorthTelling(db, userId, ids, 0, clock)
    expect(all).toEqual({ fitting: JOBS.length, watched: [] })
    const feed = await listFeed(db, { userId, limit: 50 })
    const best = Math.max(...feed.map((j) => j.fit!))
    expect((await newJobsWorthTelling(db, userId, ids, best, clock)).fitting).toBe(
      feed.filter((j) => j.fit === best).length,
    )
    await watchCompany(db, userId, 'Charité', clock)
    expect(await newJobsWorthTelling(db, userId, ids, 100, clock)).toMatchObject({ watched: ['Charité'] })
  })

  it('migration 11 fills the company key, the yearly salary and the key skills of stored jobs', async () => {
    const { db } = await t.fresh()
    const clock = testClock('2026-11-20T06:00:00.000Z')
    await upsertJobs(
      db,
      [
        {
          job: makeJob({
            source: 'activejobs',
            sourceJobId: 'aj1',
            title: 'Data Engineer',
            company: 'Zalando SE',
            salaryMin: 30,
            salaryMax: 40,
            salaryCurrency: 'EUR',
            salaryPeriod: 'HOUR',
            raw: { id: 'aj1', ai_key_skills: ['Python', 'Kafka'] },
          }),
          matches: [combo],
        },
      ],
      clock,
    )
    await sql`update jobs set company_key = null, key_skills = null, salary_year_min = null, salary_year_max = null`.execute(
      db,
    )
    await fitMigration.up(db)
    const row = await db
      .selectFrom('jobs')
      .select(['company_key', 'key_skills', 'salary_year_min', 'salary_year_max'])
      .executeTakeFirstOrThrow()
    expect(row.company_key).toBe('zalando')
    expect(JSON.parse(row.key_skills!)).toEqual(['Python', 'Kafka'])
    expect([Number(row.salary_year_min), Number(row.salary_year_max)]).toEqual([52_800, 70_400])
  })
})
