import { type Kysely, sql } from 'kysely'
import type { ClaudeOptions } from '../claude'
import { type Clock, isoNow } from '../clock'
import { toNumber } from '../db/dialect'
import type { Database } from '../db/schema'
import { askOpinion, type OpinionVerdict } from '../fit/opinion'
import { fitInputsOf } from './fit-repo'

export interface SecondOpinionRun {
  /** Opinions asked for and stored. */
  asked: number
  /** What stopped the run early (Claude refused, was unreachable): the rest keep their local score. */
  failed: string | null
}

/** The start of `now`'s UTC day: "a day" for the daily cap of opinions. */
function dayStart(now: string): string {
  return `${now.slice(0, 10)}T00:00:00.000Z`
}

/** How many opinions the person has had today. */
export async function opinionsToday(db: Kysely<Database>, userId: number, clock: Clock): Promise<number> {
  const row = await db
    .selectFrom('job_opinions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>=', dayStart(isoNow(clock)))
    .executeTakeFirst()
  return toNumber(row?.n as number | string | undefined)
}

/**
 * Asks Claude about the best of a load's new jobs (by the local fit score, newest first among equals) that
 * have no opinion yet, until the person's daily number is reached. One failure ends the run: the jobs left
 * keep their local score, and the next load tries again within the same daily number.
 */
export async function secondOpinions(
  db: Kysely<Database>,
  options: { userId: number; jobIds: readonly number[]; perDay: number; claude: ClaudeOptions; clock: Clock },
): Promise<SecondOpinionRun> {
  const { userId, clock } = options
  const left = options.perDay - (await opinionsToday(db, userId, clock))
  if (left <= 0 || options.jobIds.length === 0) return { asked: 0, failed: null }
  const candidates = await db
    .selectFrom('jobs as j')
    .innerJoin('job_fit as f', (join) => join.onRef('f.job_id', '=', 'j.id').on('f.user_id', '=', userId))
    .leftJoin('job_opinions as o', (join) => join.onRef('o.job_id', '=', 'j.id').on('o.user_id', '=', userId))
    .select(['j.id', 'j.title', 'j.company', 'j.location', 'j.work_arrangement', 'j.description'])
    .where('j.id', 'in', [...new Set(options.jobIds)])
    .where('o.job_id', 'is', null)
    .orderBy('f.score', 'desc')
    .orderBy('f.sort_at', 'desc')
    .orderBy('j.id', 'desc')
    .limit(left)
    .execute()
  if (candidates.length === 0) return { asked: 0, failed: null }
  const { profile } = await fitInputsOf(db, userId)
  let asked = 0
  for (const job of candidates) {
    try {
      const opinion = await askOpinion(profile, job, options.claude)
      await db
        .insertInto('job_opinions')
        .values({
          user_id: userId,
          job_id: job.id,
          verdict: opinion.verdict,
          reason: opinion.reason,
          model: opinion.model,
          input_tokens: opinion.inputTokens,
          output_tokens: opinion.outputTokens,
          created_at: isoNow(clock),
        })
        .onConflict((oc) => oc.columns(['user_id', 'job_id']).doNothing())
        .execute()
      asked++
    } catch (error) {
      return { asked, failed: (error as Error).message }
    }
  }
  return { asked, failed: null }
}

export interface OpinionUsage {
  opinions: number
  inputTokens: number
  outputTokens: number
}

/** The opinions a person had since `since`, and the tokens they cost (the Quota screen). */
export async function opinionUsage(
  db: Kysely<Database>,
  userId: number,
  since: string,
): Promise<OpinionUsage> {
  const row = await db
    .selectFrom('job_opinions')
    .select([
      sql<number>`count(*)`.as('opinions'),
      sql<number>`coalesce(sum(input_tokens), 0)`.as('input'),
      sql<number>`coalesce(sum(output_tokens), 0)`.as('output'),
    ])
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirst()
  return {
    opinions: toNumber(row?.opinions),
    inputTokens: toNumber(row?.input),
    outputTokens: toNumber(row?.output),
  }
}

/** The person's opinions of these jobs, by job id. */
export async function opinionsOf(
  db: Kysely<Database>,
  userId: number,
  jobIds: readonly number[],
): Promise<Map<number, { verdict: OpinionVerdict; reason: string }>> {
  if (jobIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('job_opinions')
    .select(['job_id', 'verdict', 'reason'])
    .where('user_id', '=', userId)
    .where('job_id', 'in', [...jobIds])
    .execute()
  return new Map(rows.map((r) => [r.job_id, { verdict: r.verdict as OpinionVerdict, reason: r.reason }]))
}
