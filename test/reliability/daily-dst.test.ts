import type { Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runDailyLoad } from '../../src/main/core/daily/daily-load'
import type { Database } from '../../src/main/core/db/schema'
import { addQueries } from '../../src/main/core/repos/queries-repo'
import { upsertUser } from '../../src/main/core/repos/users-repo'
import { DailyScheduler } from '../../src/main/core/scheduler/daily-scheduler'
import { parseTimeOfDay, slotOn } from '../../src/main/core/scheduler/slots'
import { CORPUS_TITLES } from '../fakes/corpus'
import { FakeClock } from '../fakes/fake-clock'
import { type Fakes, startFakes } from '../fakes/index'
import { describeEachDialect } from '../helpers/databases'
import { fakeSources } from '../helpers/sources'

const TZ = 'Europe/Berlin'
const HOUR = 3_600_000

/**
 * The two days clocks change in Berlin in 2026: on 29 March the span from one 06:00 to the next is 23
 * hours, on 25 October 25. With one load a day, Active Jobs DB must be asked for its whole 24 hours by
 * indexing time each morning — a posting-date filter would miss a job indexed 72 hours after it was
 * posted, as seen in real answers.
 */
const CASES = [
  { day: '2026-03-29', time: '06:00' },
  { day: '2026-03-29', time: '02:30' },
  { day: '2026-10-25', time: '06:00' },
  { day: '2026-10-25', time: '02:30' },
]

let fakes: Fakes
beforeAll(async () => {
  fakes = await startFakes({
    clock: new FakeClock('2026-03-27T12:00:00.000Z'),
    corpusUntil: new Date('2026-10-28T00:00:00.000Z'),
    corpusDays: 240,
    corpusSize: 40_000,
    lateIndexedEvery: 5,
    jsearchRequestsLimit: 100_000,
  })
})
afterAll(() => fakes.stop())

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

describeEachDialect('the daily load across daylight-saving days', (t) => {
  for (const { day, time } of CASES) {
    it(`at ${time} on ${day} and the day after: Active Jobs DB's 24 hours each time, late-indexed jobs kept`, async () => {
      const { db } = await t.fresh()
      const slots = [-1, 0, 1].map((d) => slotOn(shift(day, d), parseTimeOfDay(time), TZ))
      // A job indexed between the load before the change and the one on the day, 72 hours after posting.
      const late = fakes.corpus.find(
        (j) =>
          j.inActiveJobs &&
          !j.remote &&
          j.createdAt.getTime() - j.postedAt.getTime() >= 72 * HOUR &&
          j.createdAt > slots[0]!.at &&
          j.createdAt <= slots[1]!.at &&
          CORPUS_TITLES.includes(j.title),
      )!
      expect(late).toBeDefined()
      await plan(db, late.title, late.city)
      const scheduler = new DailyScheduler({
        db,
        clock: fakes.clock.now,
        times: [parseTimeOfDay(time)],
        timezone: TZ,
        runSlot: async (slot, trigger) => {
          await runDailyLoad({
            db,
            clock: fakes.clock.now,
            trigger,
            slotKey: slot.key,
            slotAt: slot.at,
            previousSlotAt: slot.previousAt,
            slotsPerDay: 1,
            maxDelayDays: 0,
            ...fakeSources(fakes, db),
          })
        },
      })
      const spans: number[] = []
      fakes.activeJobs.log.length = 0
      fakes.jsearch.log.length = 0
      for (const [i, slot] of slots.entries()) {
        fakes.clock.set(slot.at)
        expect(await scheduler.catchUp()).toBe(true)
        if (i > 0) spans.push((slot.at.getTime() - slots[i - 1]!.at.getTime()) / HOUR)
      }
      // The spans really are unequal around the change, and the request is the same every morning.
      expect(spans).not.toEqual([24, 24])
      expect(fakes.activeJobs.listings.map((r) => [r.path, r.query.date_filter])).toEqual([
        ['/active-ats-24h', undefined],
        ['/active-ats-24h', undefined],
        ['/active-ats-24h', undefined],
      ])
      // JSearch asks for one day every morning too, the 23- and 25-hour days included.
      expect(fakes.jsearch.log.map((r) => r.query.date_posted)).toEqual(['today', 'today', 'today'])
      // On the day clocks go back the span is 25 hours: the hour the 24-hour window cannot reach is named.
      const reports = await db.selectFrom('runs').select('report_json').orderBy('id').execute()
      const gaps = reports.map(
        (r) =>
          JSON.parse(r.report_json!).sources.find((s: { source: string }) => s.source === 'activejobs')
            .windows[0].gap,
      )
      expect(gaps).toEqual(
        slots.map((_slot, i) =>
          i > 0 && spans[i - 1] === 25
            ? {
                from: slots[i - 1]!.at.toISOString(),
                to: new Date(slots[i - 1]!.at.getTime() + HOUR).toISOString(),
              }
            : null,
        ),
      )
      const stored = await db
        .selectFrom('job_postings')
        .select('source_job_id')
        .where('source', '=', 'activejobs')
        .where('source_job_id', '=', late.activeJobsId)
        .execute()
      expect(stored).toHaveLength(1)
    }, 60_000)
  }
})

async function plan(db: Kysely<Database>, title: string, city: string) {
  const user = await upsertUser(db, { email: 'a@example.com' }, fakes.clock.now)
  await addQueries(db, user.id, [{ title, location: city }], fakes.clock.now)
}
