import { type ExpressionBuilder, sql } from 'kysely'
import type { Database } from '../db/schema'

/**
 * "Job `j` was found by one of this person's combinations" (only the active ones when `activeOnly`): the
 * condition that makes a job part of a person's feed, for queries whose jobs table is aliased `j`.
 * `fenced` keeps PostgreSQL from answering it by listing every job of the person first (a hashed subplan:
 * 46 ms under EXPLAIN ANALYZE at 200,000 jobs) where only a few jobs are asked.
 */
export function foundForPerson(
  eb: ExpressionBuilder<Database & { j: Database['jobs'] }, 'j'>,
  userId: number,
  activeOnly: boolean,
  options: { fenced?: boolean } = {},
) {
  let matches = eb
    .selectFrom('job_matches as m')
    .innerJoin('user_search_queries as q', (join) =>
      join.onRef('q.title_key', '=', 'm.title_key').onRef('q.location_key', '=', 'm.location_key'),
    )
    .select(sql`1`.as('one'))
    .whereRef('m.job_id', '=', 'j.id')
    .where('q.user_id', '=', userId)
  if (activeOnly) matches = matches.where('q.is_active', '=', 1)
  return eb.exists(options.fenced ? matches.offset(0) : matches)
}
