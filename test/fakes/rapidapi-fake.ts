import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FakeClock } from './fake-clock'

/** A fault served instead of the normal answer, for the next `times` matching requests. */
export type Fault =
  | 'burst-429'
  | 'monthly-429'
  | '401'
  | '403'
  | 'disabled'
  | '500'
  | '502'
  | '503'
  | 'hang'
  | 'malformed'
  | 'truncated'
  | 'reset'

export interface FaultRule {
  fault: Fault
  times: number
  /** Only requests to this path; any path when absent. */
  path?: string
  /** With `burst-429`: the Retry-After header in seconds. */
  retryAfter?: number
}

export interface Plan {
  name: string
  requestsLimit: number
  /** Active Jobs DB's "Jobs" credits; absent for APIs that bill requests only. */
  jobsLimit?: number
  /** Paths this plan may call; others answer "disabled for your subscription". */
  gatedPaths?: string[]
}

export interface LoggedRequest {
  at: Date
  path: string
  query: Record<string, string>
  status: number
  billedRequests: number
  billedJobs: number
}

export interface Answer {
  status: number
  body: unknown
  billedRequests: number
  billedJobs: number
}

export interface RapidApiFakeOptions {
  host: string
  clock: FakeClock
  /** key → plan. Keys not listed are invalid; `unsubscribedKeys` are valid but not subscribed. */
  keys: Record<string, Plan>
  unsubscribedKeys?: string[]
  /** Calls per second per key before a burst 429 (RapidAPI's per-plan rate limit). */
  burstPerSecond?: number
  /** Milliseconds before each answer. */
  latencyMs?: number
  /** When the monthly quota period ends; the reset header counts seconds until then. */
  periodEnd?: Date
}

export type Route = (path: string, query: URLSearchParams, plan: Plan) => Answer | undefined

/**
 * The RapidAPI gateway as a fake: key and host checks, plan gating, monthly quotas in requests and jobs
 * with the `x-ratelimit-*` headers, a per-second burst limit, latency, and faults on demand. The API's
 * own behaviour is a `route` function that answers a path or returns undefined for an unknown path.
 */
export class RapidApiFake {
  readonly log: LoggedRequest[] = []
  /** The log without the calls for Active Jobs DB's daily list of expired jobs: the job listings asked. */
  get listings(): LoggedRequest[] {
    return this.log.filter((r) => !/expired/.test(r.path))
  }
  readonly used = new Map<string, { requests: number; jobs: number }>()
  latencyMs: number
  /** Rewrites successful answers: a test's way to change the payload shape. */
  rewrite: ((path: string, body: unknown) => unknown) | undefined
  private faults: FaultRule[] = []
  private recent: number[] = []
  private server?: Server
  private hanging = new Set<ServerResponse>()
  url = ''

  constructor(
    private readonly options: RapidApiFakeOptions,
    private readonly route: Route,
  ) {
    this.latencyMs = options.latencyMs ?? 0
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy()
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  inject(rule: FaultRule): void {
    this.faults.push({ ...rule })
  }

  clearFaults(): void {
    this.faults = []
  }

  /** What this key has been billed this period. */
  billed(key: string): { requests: number; jobs: number } {
    return { ...(this.used.get(key) ?? { requests: 0, jobs: 0 }) }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake')
    const key = String(req.headers['x-rapidapi-key'] ?? '')
    const plan = this.options.keys[key]
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs))

    if (!plan && !this.options.unsubscribedKeys?.includes(key)) {
      return this.send(res, url, 401, {
        message: 'Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info.',
      })
    }
    if (!plan) return this.send(res, url, 403, { message: 'You are not subscribed to this API.' })
    if (req.headers['x-rapidapi-host'] !== this.options.host) {
      return this.send(res, url, 403, {
        message: `X-RapidAPI-Host does not match this API (${this.options.host}).`,
      })
    }

    const fault = this.takeFault(url.pathname)
    if (fault && (await this.serveFault(fault, res, url, key, plan))) return

    // The burst limit counts calls in the last second, before the API sees them.
    const nowMs = Date.now()
    this.recent = this.recent.filter((t) => nowMs - t < 1000)
    if (this.recent.length >= (this.options.burstPerSecond ?? Number.POSITIVE_INFINITY)) {
      return this.send(res, url, 429, { message: 'Too many requests' }, this.quotaHeaders(key, plan))
    }
    this.recent.push(nowMs)

    const used = this.used.get(key) ?? { requests: 0, jobs: 0 }
    const exhausted =
      used.requests >= plan.requestsLimit
        ? 'Requests'
        : plan.jobsLimit !== undefined && used.jobs >= plan.jobsLimit
          ? 'Jobs'
          : null
    if (exhausted) return this.monthly(res, url, key, plan, exhausted)
    if (plan.gatedPaths?.includes(url.pathname)) {
      return this.send(res, url, 401, { message: 'This endpoint is disabled for your subscription' })
    }

    const answer = this.route(url.pathname, url.searchParams, plan)
    if (!answer) return this.send(res, url, 404, { message: `Endpoint '${url.pathname}' does not exist` })
    if (answer.status < 300) {
      used.requests += answer.billedRequests
      used.jobs += answer.billedJobs
      this.used.set(key, used)
    }
    const body = answer.status < 300 && this.rewrite ? this.rewrite(url.pathname, answer.body) : answer.body
    this.send(res, url, answer.status, body, this.quotaHeaders(key, plan), answer)
  }

  private takeFault(path: string): FaultRule | undefined {
    const rule = this.faults.find((f) => f.times > 0 && (!f.path || f.path === path))
    if (rule) rule.times -= 1
    this.faults = this.faults.filter((f) => f.times > 0)
    return rule
  }

  /** Serves a fault; returns false when the fault lets the request through (none do today). */
  private async serveFault(
    rule: FaultRule,
    res: ServerResponse,
    url: URL,
    key: string,
    plan: Plan,
  ): Promise<boolean> {
    const headers = this.quotaHeaders(key, plan)
    switch (rule.fault) {
      case 'burst-429':
        this.send(
          res,
          url,
          429,
          { message: 'Too many requests' },
          {
            ...headers,
            ...(rule.retryAfter ? { 'retry-after': String(rule.retryAfter) } : {}),
          },
        )
        return true
      case 'monthly-429':
        this.monthly(res, url, key, plan, plan.jobsLimit !== undefined ? 'Jobs' : 'Requests', true)
        return true
      case '401':
        this.send(res, url, 401, {
          message: 'Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info.',
        })
        return true
      case '403':
        this.send(res, url, 403, { message: 'You are not subscribed to this API.' })
        return true
      case 'disabled':
        this.send(res, url, 401, { message: 'This endpoint is disabled for your subscription' })
        return true
      case '500':
      case '502':
      case '503':
        this.send(
          res,
          url,
          Number(rule.fault),
          {
            status: 'ERROR',
            request_id: 'fake',
            error: { message: 'Internal error', code: Number(rule.fault) },
          },
          headers,
        )
        return true
      case 'hang':
        // Never answers; the client's timeout must give up. Closed when the fake stops.
        this.hanging.add(res)
        this.log.push({
          at: this.options.clock.now(),
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          status: 0,
          billedRequests: 0,
          billedJobs: 0,
        })
        return true
      case 'malformed':
      case 'truncated': {
        // The API did the work and bills it; the answer is garbled (malformed) or cut off in transit.
        const answer = this.route(url.pathname, url.searchParams, plan)
        const billed = { requests: answer?.billedRequests ?? 1, jobs: answer?.billedJobs ?? 0 }
        const used = this.used.get(key) ?? { requests: 0, jobs: 0 }
        used.requests += billed.requests
        used.jobs += billed.jobs
        this.used.set(key, used)
        const after = this.quotaHeaders(key, plan)
        if (rule.fault === 'malformed') {
          res.writeHead(200, { 'content-type': 'application/json', ...after })
          res.end('{"status":"OK","data":[{"job_id":')
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '50000', ...after })
          res.write('{"status":"OK","data":[')
          setTimeout(() => res.destroy(), 10)
        }
        this.logAnswer(url, 200, billed.requests, billed.jobs)
        return true
      }
      case 'reset':
        this.logAnswer(url, 0, 0, 0)
        res.socket?.destroy()
        return true
    }
  }

  private monthly(
    res: ServerResponse,
    url: URL,
    key: string,
    plan: Plan,
    unit: 'Jobs' | 'Requests',
    forced = false,
  ): void {
    const headers = this.quotaHeaders(key, plan)
    if (forced) {
      headers[`x-ratelimit-${unit.toLowerCase()}-remaining`] = '0'
    }
    this.send(
      res,
      url,
      429,
      {
        message: `You have exceeded the MONTHLY quota for ${unit} on your current plan, ${plan.name}. Upgrade your plan at https://rapidapi.com/fake/api/pricing`,
      },
      headers,
    )
  }

  private quotaHeaders(key: string, plan: Plan): Record<string, string> {
    const used = this.used.get(key) ?? { requests: 0, jobs: 0 }
    const end = this.options.periodEnd ?? new Date(this.options.clock.now().getTime() + 20 * 86_400_000)
    const reset = String(Math.max(0, Math.round((end.getTime() - this.options.clock.now().getTime()) / 1000)))
    const headers: Record<string, string> = {
      'x-ratelimit-requests-limit': String(plan.requestsLimit),
      'x-ratelimit-requests-remaining': String(Math.max(0, plan.requestsLimit - used.requests)),
      'x-ratelimit-requests-reset': reset,
    }
    if (plan.jobsLimit !== undefined) {
      headers['x-ratelimit-jobs-limit'] = String(plan.jobsLimit)
      headers['x-ratelimit-jobs-remaining'] = String(Math.max(0, plan.jobsLimit - used.jobs))
      headers['x-ratelimit-jobs-reset'] = reset
    }
    return headers
  }

  private send(
    res: ServerResponse,
    url: URL,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    answer?: Answer,
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      server: 'RapidAPI-0.0.45',
      'x-rapidapi-version': '0.0.45',
      'x-rapidapi-region': 'AWS - eu-central-1',
      ...headers,
    })
    res.end(JSON.stringify(body))
    this.logAnswer(
      url,
      status,
      answer && status < 300 ? answer.billedRequests : 0,
      answer && status < 300 ? answer.billedJobs : 0,
    )
  }

  private logAnswer(url: URL, status: number, billedRequests: number, billedJobs: number): void {
    this.log.push({
      at: this.options.clock.now(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status,
      billedRequests,
      billedJobs,
    })
  }
}
