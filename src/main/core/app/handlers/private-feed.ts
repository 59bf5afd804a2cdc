import { currentFeedAddress, newFeedToken, revokeFeedToken } from '../../repos/feed-tokens-repo'
import { type AppContext, requireUser } from '../app-context'
import type { HandlerGroup } from './types'

export function privateFeedHandlers(
  ctx: AppContext,
): HandlerGroup<'feeds/get' | 'feeds/create' | 'feeds/revoke'> {
  const { db } = ctx.handle
  return {
    'feeds/get': async () => {
      const person = await requireUser(ctx)
      return { address: await currentFeedAddress(db, person.id) }
    },
    'feeds/create': async () => {
      const person = await requireUser(ctx)
      const token = await newFeedToken(db, person.id, ctx.clock)
      const address = (await currentFeedAddress(db, person.id))!
      return { ...address, path: `/feeds/${token}.atom` }
    },
    'feeds/revoke': async () => {
      const person = await requireUser(ctx)
      return { revoked: await revokeFeedToken(db, person.id, ctx.clock) }
    },
  }
}
