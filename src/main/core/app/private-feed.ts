import { atomFeed } from '../feeds/atom'
import { personOfFeedToken } from '../repos/feed-tokens-repo'
import type { AppContext } from './app-context'
import { call } from './dispatch'
import type { Handlers } from './handlers'

/** Entries in a private feed: the person's newest jobs, as their feed shows them. */
export const FEED_ENTRIES = 50

/**
 * A person's private feed as Atom, for the token in its address (`/feeds/<token>.atom`): their newest jobs
 * as their feed lists them (no hidden or closed ones, their blocklist applied), each with its place, fit and
 * link. Undefined when the token opens no feed (revoked, or never made).
 */
export async function privateFeed(
  ctx: AppContext,
  handlers: Handlers,
  token: string,
  self: string,
): Promise<{ body: string; updated: string } | undefined> {
  const userId = await personOfFeedToken(ctx.handle.db, token, ctx.clock)
  if (userId === undefined) return undefined
  const user = await ctx.handle.db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user) return undefined
  const page = await call(handlers, 'feed/list', { email: user.email, limit: FEED_ENTRIES })
  const updated = page.jobs.reduce(
    (newest, j) => (j.firstSeenAt > newest ? j.firstSeenAt : newest),
    '1970-01-01T00:00:00.000Z',
  )
  return {
    updated,
    body: atomFeed({
      id: `urn:job-monitor:feed:${user.id}`,
      title: `Job Monitor — new jobs for ${user.name ?? user.email}`,
      self,
      updated,
      jobs: page.jobs,
    }),
  }
}
