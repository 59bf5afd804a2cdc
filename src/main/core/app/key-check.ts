import { SOURCE_NAMES } from '../../../shared/domain'
import { checkClaudeKey } from '../cv/claude-parser'
import { errorMessage } from '../errors'
import { type AppContext, availableKey } from './app-context'
import type { KeyName } from './secrets'

export interface KeyCheck {
  ok: boolean
  message: string
  remaining: number | null
  limit: number | null
  resetAt: string | null
}

const noQuota = { remaining: null, limit: null, resetAt: null }

/**
 * The "test key" button: one real call, the cheapest each API has, with the typed key or the one in
 * effect. A RapidAPI call costs one request of the plan (recorded in the ledger like any other); the
 * answer says what is left.
 */
export async function testKey(ctx: AppContext, name: KeyName, typed?: string): Promise<KeyCheck> {
  if (ctx.config.demo && name === 'anthropic') {
    return { ok: false, message: 'The demo reads CVs with the offline parser: it calls no API.', ...noQuota }
  }
  if (name === 'anthropic') {
    const apiKey = typed || availableKey(ctx, 'anthropic')
    if (!apiKey) return { ok: false, message: 'No Claude key to test: type one first.', ...noQuota }
    const check = await checkClaudeKey({
      apiKey,
      baseUrl: ctx.config.anthropicBaseUrl,
      model: ctx.config.anthropicModel,
    })
    return { ...check, ...noQuota }
  }
  const label = SOURCE_NAMES[name]
  const apiKey = typed || availableKey(ctx, name) || (ctx.config.demo ? 'demo' : undefined)
  if (!apiKey) return { ok: false, message: `No ${label} key to test: type one first.`, ...noQuota }
  const source = ctx
    .sourcesFor(null, {
      ...ctx.config,
      jsearchApiKey: name === 'jsearch' ? apiKey : undefined,
      activeJobsApiKey: name === 'activejobs' ? apiKey : undefined,
    })
    .find((s) => s.id === name)
  try {
    const quota = await source!.probe()
    ctx.events.emit('quota/changed', { sources: [name] })
    const counter = name === 'activejobs' ? (quota.jobs ?? quota.requests) : quota.requests
    if (!counter) return { ok: true, message: `The ${label} key works.`, ...noQuota }
    const unit = name === 'activejobs' && quota.jobs ? 'jobs' : 'requests'
    const resets = counter.resetAt ? `, resets ${counter.resetAt.toISOString().slice(0, 10)}` : ''
    return {
      ok: true,
      message: `The ${label} key works: ${counter.remaining.toLocaleString('en')} of ${counter.limit.toLocaleString('en')} ${unit} left this month${resets}.`,
      remaining: counter.remaining,
      limit: counter.limit,
      resetAt: counter.resetAt?.toISOString() ?? null,
    }
  } catch (error) {
    return { ok: false, message: errorMessage(error), ...noQuota }
  }
}
