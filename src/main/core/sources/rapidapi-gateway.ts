import pThrottle from 'p-throttle'
import type { z } from 'zod'
import type { Clock } from '../clock'
import type { SourceId } from '../db/schema'
import { parseQuotaHeaders, type QuotaSnapshot } from './quota-headers'
import { SOURCE_LABELS, SourceError, type SourceErrorKind, untilText } from './source-error'

/** What one HTTP call cost and what the gateway said about the quota: one row of the ledger. */
export interface CallRecord {
  source: SourceId
  endpoint: string
  calledAt: Date
  status: number | null
  billedRequests: number
  billedJobs: number
  quota: QuotaSnapshot
  error: string | null
}

export interface GatewayOptions {
  source: SourceId
  baseUrl: string
  /** The `X-RapidAPI-Host` value; stays the vendor's host when `baseUrl` points at a fake. */
  host: string
  apiKey: string
  clock: Clock
  /** Per attempt. JSearch is slow (5–20 s, sometimes over 40 s), so the default is generous. */
  timeoutMs?: number
  /** Calls started per second at most (RapidAPI's burst limits are per second). */
  requestsPerSecond?: number
  /** Tries after the first for a burst 429, a 5xx, a timeout or a dropped connection. */
  maxRetries?: number
  /** First backoff; doubles per try, with jitter. A `Retry-After` header wins when longer. */
  backoffMs?: number
  /** Called for every call that got an answer or failed in transit; the ledger writes it down. */
  onCall?: (record: CallRecord) => Promise<void> | void
  fetch?: typeof fetch
}

export interface GetOptions<T> {
  schema: z.ZodType<T>
  /**
   * What the vendor bills for an answer: `data` is undefined when a 2xx answer could not be read
   * (the call is billed all the same).
   */
  billing: (data: T | undefined) => { requests: number; jobs: number }
  signal?: AbortSignal
  /** Told before each retry, so a person sees why nothing seems to happen. */
  onNotice?: (message: string) => void
}

export interface GetResult<T> {
  data: T
  status: number
  quota: QuotaSnapshot
}

const KEY_VARIABLE: Record<SourceId, string> = {
  jsearch: 'JSEARCH_API_KEY',
  activejobs: 'ACTIVEJOBS_API_KEY',
}

/**
 * The one request path of a RapidAPI source: auth headers, a timeout, a per-source rate limit, quota
 * headers captured on every answer, typed errors, and retries only where another try can succeed
 * (never for a bad key, a missing subscription, a disabled endpoint or a spent monthly quota).
 */
export class RapidApiGateway {
  private readonly label: string
  private readonly throttled: <R>(work: () => Promise<R>) => Promise<R>

  constructor(private readonly options: GatewayOptions) {
    this.label = SOURCE_LABELS[options.source]
    const perSecond = options.requestsPerSecond ?? 5
    // Strict spacing, plus a little slack so arrival jitter never puts one call too many into a second.
    const throttle = pThrottle({ limit: 1, interval: Math.ceil(1050 / perSecond), strict: true })
    this.throttled = throttle(<R>(work: () => Promise<R>) => work()) as <R>(
      work: () => Promise<R>,
    ) => Promise<R>
  }

  async get<T>(
    path: string,
    params: Record<string, string | number | undefined>,
    options: GetOptions<T>,
  ): Promise<GetResult<T>> {
    const maxRetries = this.options.maxRetries ?? 3
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(path, params, options)
      } catch (error) {
        const failure =
          error instanceof SourceError ? error : this.fail('network', path, String(error), {}, error)
        if (!failure.retryable || attempt >= maxRetries || options.signal?.aborted) {
          throw attempt > 0 && failure.retryable ? this.afterRetries(failure, attempt + 1) : failure
        }
        const delay = this.backoff(attempt, failure.details.retryAfterMs)
        options.onNotice?.(
          `${retryReason(failure, this.label)}; retry ${attempt + 1} of ${maxRetries} in ${formatDelay(delay)}.`,
        )
        await sleep(delay, options.signal)
      }
    }
  }

  private async attempt<T>(
    path: string,
    params: Record<string, string | number | undefined>,
    options: GetOptions<T>,
  ): Promise<GetResult<T>> {
    const url = endpointUrl(this.options.baseUrl, path)
    for (const [name, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(name, String(value))
    return this.throttled(async () => {
      // Cancelled while waiting for its turn: never sent, so nothing to record.
      if (options.signal?.aborted)
        throw this.fail('aborted', path, `The ${this.label} request was cancelled.`)
      const calledAt = this.options.clock()
      const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000)
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
      let response: Response
      try {
        response = await (this.options.fetch ?? fetch)(url, {
          headers: {
            'X-RapidAPI-Key': this.options.apiKey,
            'X-RapidAPI-Host': this.options.host,
            accept: 'application/json',
          },
          signal,
        })
      } catch (error) {
        const failure = this.transportError(path, error, options.signal)
        await this.record({
          path,
          calledAt,
          status: null,
          quota: { requests: null, jobs: null },
          error: failure.message,
        })
        throw failure
      }
      const quota = parseQuotaHeaders(response.headers, this.options.clock())
      let text: string
      try {
        text = await response.text()
      } catch (error) {
        // The answer was cut off in transit: the vendor billed a successful call all the same.
        const failure = this.transportError(path, error, options.signal)
        const billed = response.ok ? options.billing(undefined) : undefined
        await this.record({ path, calledAt, status: response.status, quota, error: failure.message, billed })
        throw failure
      }
      if (!response.ok) {
        const failure = this.statusError(path, response, text, quota)
        await this.record({ path, calledAt, status: response.status, quota, error: failure.message })
        throw failure
      }
      let data: T
      try {
        data = this.parse(path, text, options.schema)
      } catch (error) {
        // The vendor billed the call even though we cannot use its answer.
        const billed = options.billing(undefined)
        await this.record({
          path,
          calledAt,
          status: response.status,
          quota,
          error: (error as Error).message,
          billed,
        })
        throw error
      }
      await this.record({
        path,
        calledAt,
        status: response.status,
        quota,
        error: null,
        billed: options.billing(data),
      })
      return { data, status: response.status, quota }
    })
  }

  private parse<T>(path: string, text: string, schema: z.ZodType<T>): T {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw this.fail(
        'bad-response',
        path,
        `${this.label} sent an answer to ${path} that is not JSON (${text.length} bytes): the service may be having problems; the next run tries again.`,
      )
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      const issue = deepestIssue(parsed.error.issues[0])
      const where = issue.path.length ? issue.path.join('.') : 'the body'
      throw this.fail(
        'bad-response',
        path,
        `${this.label} changed its answer to ${path}: ${where}: ${issue.message}. Update Job Monitor; nothing from this answer was stored.`,
      )
    }
    return parsed.data
  }

  private statusError(path: string, response: Response, text: string, quota: QuotaSnapshot): SourceError {
    const status = response.status
    const message = vendorMessage(text)
    const now = this.options.clock()
    if (status === 429) {
      const spent = quota.requests?.remaining === 0 || quota.jobs?.remaining === 0
      if (/monthly|quota/i.test(message) || spent) {
        const unit = /jobs/i.test(message) || quota.jobs?.remaining === 0 ? quota.jobs : quota.requests
        const resetAt = unit?.resetAt ?? undefined
        const when = resetAt ? `resets ${untilText(resetAt, now)}` : 'it resets with your next billing period'
        return this.fail('quota-exhausted', path, `${this.label} monthly quota exhausted; ${when}.`, {
          status,
          resetAt,
        })
      }
      const retryAfter = Number(response.headers.get('retry-after'))
      return this.fail(
        'rate-limited',
        path,
        `${this.label} is limiting requests (429 ${message || 'Too many requests'}).`,
        {
          status,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
        },
      )
    }
    if (status === 401 && /disabled/i.test(message)) {
      return this.fail(
        'endpoint-disabled',
        path,
        `${this.label} endpoint ${path} is not part of your plan: upgrade the plan on RapidAPI or switch the endpoint off in the settings.`,
        { status },
      )
    }
    if (status === 401 || (status === 403 && !/not subscribed/i.test(message))) {
      return this.fail(
        'bad-key',
        path,
        `${this.label} key is invalid: check ${KEY_VARIABLE[this.options.source]} or the key in the settings.`,
        { status },
      )
    }
    if (status === 403) {
      return this.fail(
        'not-subscribed',
        path,
        `${this.label} key is not subscribed to the API: subscribe to it on RapidAPI (the free plan is enough) or use another key.`,
        { status },
      )
    }
    if (status === 404) {
      return this.fail('not-found', path, `${this.label} has no endpoint ${path} (404 ${message}).`, {
        status,
      })
    }
    if (status >= 500) {
      return this.fail(
        'server',
        path,
        `${this.label} answered ${status} (${message || response.statusText || 'server error'}).`,
        { status },
      )
    }
    return this.fail(
      'bad-request',
      path,
      `${this.label} refused the request to ${path} (${status} ${message}): this is a Job Monitor bug; please report it.`,
      { status },
    )
  }

  private transportError(path: string, error: unknown, callerSignal: AbortSignal | undefined): SourceError {
    if (callerSignal?.aborted)
      return this.fail('aborted', path, `The ${this.label} request was cancelled.`, {}, error)
    const e = error as { name?: string; cause?: { code?: string }; code?: string; message?: string }
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      const ms = this.options.timeoutMs ?? 60_000
      const limit = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`
      return this.fail('timeout', path, `${this.label} did not answer within ${limit}.`, {}, error)
    }
    const code = e.cause?.code ?? e.code ?? e.message ?? 'connection failed'
    return this.fail(
      'network',
      path,
      `Could not reach ${this.label} (${code}): check the internet connection.`,
      {},
      error,
    )
  }

  private afterRetries(failure: SourceError, tries: number): SourceError {
    const next = failure.kind === 'rate-limited' ? 'try again in a few minutes' : 'the next run tries again'
    return new SourceError(
      failure.source,
      failure.kind,
      `${failure.message.replace(/\.$/, '')} — still failing after ${tries} tries; ${next}.`,
      failure.details,
      { cause: failure },
    )
  }

  private fail(
    kind: SourceErrorKind,
    path: string,
    message: string,
    details: { status?: number; retryAfterMs?: number; resetAt?: Date } = {},
    cause?: unknown,
  ): SourceError {
    return new SourceError(this.options.source, kind, message, { ...details, endpoint: path }, { cause })
  }

  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const base = (this.options.backoffMs ?? 1000) * 2 ** attempt
    const jittered = base * (0.75 + Math.random() * 0.5)
    return Math.max(jittered, retryAfterMs ?? 0)
  }

  private async record(input: {
    path: string
    calledAt: Date
    status: number | null
    quota: QuotaSnapshot
    error: string | null
    billed?: { requests: number; jobs: number }
  }): Promise<void> {
    await this.options.onCall?.({
      source: this.options.source,
      endpoint: input.path,
      calledAt: input.calledAt,
      status: input.status,
      billedRequests: input.billed?.requests ?? 0,
      billedJobs: input.billed?.jobs ?? 0,
      quota: input.quota,
      error: input.error,
    })
  }
}

interface Issue {
  path: PropertyKey[]
  message: string
  code?: string
  errors?: Issue[][]
}

/**
 * The most specific problem: a union (JSearch's two envelope shapes) reports only "Invalid input", so
 * the branch issue that got furthest into the payload is the one that names the field.
 */
function deepestIssue(issue: Issue | undefined): { path: PropertyKey[]; message: string } {
  if (!issue) return { path: [], message: 'unexpected shape' }
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue
  const nested = issue.errors.flat().map(deepestIssue)
  const best = nested.sort((a, b) => b.path.length - a.path.length)[0]
  return best ? { path: [...issue.path, ...best.path], message: best.message } : issue
}

/** The gateway's `{"message": …}` or JSearch's `{"error": {"message": …}}`, else the start of the body. */
function vendorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } }
    const message = body.message ?? body.error?.message
    if (typeof message === 'string') return message
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 120).trim()
}

/**
 * The URL of an endpoint under a base that may have a path of its own: `https://gw.example/jsearch` +
 * `/search` is `https://gw.example/jsearch/search` (an absolute path would drop `/jsearch`).
 */
export function endpointUrl(baseUrl: string, path: string): URL {
  return new URL(path.replace(/^\/+/, ''), `${baseUrl.replace(/\/+$/, '')}/`)
}

/** Waits, or less when the signal aborts; the abort listener is removed either way (no listener pile-up). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

function retryReason(failure: SourceError, label: string): string {
  if (failure.kind === 'timeout' || failure.kind === 'network') return `${label} is not answering`
  if (failure.kind === 'rate-limited') return `${label} is limiting requests`
  return failure.message.replace(/\.$/, '')
}

function formatDelay(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.max(1, Math.round(ms))} ms`
}
