import type { Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  ANTHROPIC_FAKE_KEY,
  AnthropicFake,
  type MessagesRequest,
} from '../../../../test/fakes/anthropic-fake'
import { DATA_ENGINEER, storeProfile } from '../../../../test/helpers/cv-profile'
import { describeEachDialect } from '../../../../test/helpers/databases'
import { makeJob, testClock } from '../../../../test/helpers/jobs'
import type { Database } from '../db/schema'
import { combinationKey } from '../normalize/combination-key'
import { listFeed } from './feed-repo'
import { ensureFits } from './fit-repo'
import { upsertJobs } from './jobs-repo'
import { opinionsOf, opinionsToday, opinionUsage, secondOpinions } from './opinion-repo'
import { addQueries } from './queries-repo'
import { upsertUser } from './users-repo'

const fake = new AnthropicFake()
beforeAll(async () => {
  await fake.start()
})
afterAll(() => fake.stop())

const combo = combinationKey('Data Engineer', 'Berlin')
const claude = () => ({
  apiKey: ANTHROPIC_FAKE_KEY,
  baseUrl: fake.url,
  model: 'claude-haiku-4-5',
  maxRetries: 0,
})

/** Six jobs; the first three fit the CV best (title, skills, city). */
async function seed(db: Kysely<Database>) {
  const clock = testClock('2026-12-03T06:00:00.000Z')
  const user = await upsertUser(db, { email: 'opinion@example.com' }, clock)
  await addQueries(db, user.id, [{ title: 'Data Engineer', location: 'Berlin' }], clock)
  await storeProfile(db, user.id, { ...DATA_ENGINEER, languages: ['English'] }, clock().toISOString())
  const titles = ['Data Engineer', 'Senior Data Engineer', 'Data Engineer', 'Nurse', 'Baker', 'Florist']
  const outcomes = await upsertJobs(
    db,
    titles.map((title, i) => ({
      job: makeJob({
        sourceJobId: `o${i}`,
        title,
        company: `Company ${i}`,
        applyUrl: `https://jobs.example.org/o/${i}`,
        description: i < 3 ? 'Python, Spark and Airflow.' : 'Nothing of the sort.',
        postedAt: new Date(Date.UTC(2026, 11, 2, i)).toISOString(),
      }),
      matches: [combo],
    })),
    clock,
  )
  await ensureFits(db, user.id, clock)
  return { userId: user.id, clock, jobIds: outcomes.map((o) => o.jobId) }
}

describeEachDialect('Claude’s second opinion', (t) => {
  it('asks about the best new jobs by the local score, up to the daily number, and stores verdict and cost', async () => {
    const { db } = await t.fresh()
    const { userId, clock, jobIds } = await seed(db)
    const asked: string[] = []
    fake.responder = (request: MessagesRequest) => {
      const text = JSON.stringify(request.messages)
      asked.push(/Title: ([^\\]+)/.exec(text)?.[1] ?? '?')
      return {
        verdict: text.includes('Senior') ? 'strong' : 'possible',
        reason: 'Python and Spark, in Berlin.',
      }
    }
    const first = await secondOpinions(db, { userId, jobIds, perDay: 2, claude: claude(), clock })
    expect(first).toEqual({ asked: 2, failed: null })
    // The two best by fit, not the two newest (the newest are the florist and the baker).
    const best = (await listFeed(db, { userId, limit: 2, sort: 'fit' })).map((j) => j.id)
    const opinions = await opinionsOf(db, userId, jobIds)
    expect([...opinions.keys()].sort()).toEqual([...best].sort())
    expect([...opinions.values()].map((o) => o.reason)).toEqual([
      'Python and Spark, in Berlin.',
      'Python and Spark, in Berlin.',
    ])
    // The profile and the job went to Claude; nothing else.
    expect(asked.every((a) => a.startsWith('Data Engineer') || a.startsWith('Senior Data Engineer'))).toBe(
      true,
    )

    // The day's number is reached: a later load the same day asks nothing.
    const before = fake.requests.length
    expect(await secondOpinions(db, { userId, jobIds, perDay: 2, claude: claude(), clock })).toEqual({
      asked: 0,
      failed: null,
    })
    expect(fake.requests.length).toBe(before)
    expect(await opinionsToday(db, userId, clock)).toBe(2)
    const usage = await opinionUsage(db, userId, '2026-12-01T00:00:00.000Z')
    expect(usage.opinions).toBe(2)
    expect(usage.inputTokens).toBeGreaterThan(1000)
    expect(usage.outputTokens).toBe(192)

    // The next day: the next best job, never one asked about already.
    clock.set('2026-12-04T06:00:00.000Z')
    expect(await secondOpinions(db, { userId, jobIds, perDay: 1, claude: claude(), clock })).toEqual({
      asked: 1,
      failed: null,
    })
    expect((await opinionsOf(db, userId, jobIds)).size).toBe(3)
  })

  it('stops at the first failure and keeps the local score; the next load tries again', async () => {
    const { db } = await t.fresh()
    const { userId, clock, jobIds } = await seed(db)
    fake.responder = () => ({ verdict: 'weak', reason: 'Too far.' })
    fake.inject('500', 1)
    const failed = await secondOpinions(db, { userId, jobIds, perDay: 3, claude: claude(), clock })
    expect(failed.asked).toBe(0)
    expect(failed.failed).toMatch(/500|Internal|error/i)
    expect((await opinionsOf(db, userId, jobIds)).size).toBe(0)
    // An answer without a verdict is a failure too, not a stored guess.
    fake.responder = () => ({ reason: 'no verdict' })
    expect((await secondOpinions(db, { userId, jobIds, perDay: 3, claude: claude(), clock })).failed).toMatch(
      /without a verdict/,
    )
    fake.responder = () => ({ verdict: 'weak', reason: 'Too far.' })
    expect(await secondOpinions(db, { userId, jobIds, perDay: 3, claude: claude(), clock })).toEqual({
      asked: 3,
      failed: null,
    })
  })
})
