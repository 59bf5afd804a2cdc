import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MAX_REQUEST_BYTES } from '../../shared/limits'
import type { Envelope } from '../core/app/dispatch'
import { dispatch } from '../core/app/dispatch'
import type { EventBus } from '../core/app/event-bus'
import type { Handlers } from '../core/app/handlers'
import type { Logger } from '../core/app/logger'
import { errorMessage } from '../core/errors'
import { hasToken, hostAllowed, newToken, queryToken, tokenCookie } from './auth'
import { openEventStream } from './event-stream'
import { findRendererDir, readStatic } from './static-files'

export interface HeadlessServerOptions {
  handlers: Handlers
  events: EventBus
  log?: Logger
  host: string
  port: number
  /** The access token; a new random one when absent. */
  token?: string
  rendererDir?: string
  /** Largest accepted request body (default: a CV at its limit as base64, plus 1 MB). */
  maxBodyBytes?: number
}

export interface RunningServer {
  /** The address to open, with the access token: the one link that works. */
  url: string
  origin: string
  token: string
  server: Server
  close(): Promise<void>
}

/** The security headers the desktop window gets too: no remote code, no framing. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

/**
 * Headless mode: the built renderer, the contract over HTTP (`POST /api/<domain>/<verb-noun>`) and its
 * events as server-sent events (`GET /api/events`). Every request needs the token the printed URL carries
 * (then kept in a same-site cookie), so neither other users of the machine nor web pages can drive it.
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<RunningServer> {
  const rendererDir = options.rendererDir ?? findRendererDir()
  const token = options.token ?? newToken()
  const maxBody = options.maxBodyBytes ?? MAX_REQUEST_BYTES
  const streams = new Set<() => void>()

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      options.log?.error(`${req.method} ${req.url} failed.`, error)
      if (error instanceof HttpError) return sendError(res, error.status, error.message, error.code)
      sendError(res, 500, `The server failed: ${errorMessage(error)}.`, 'internal')
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!hostAllowed(req, options.host)) {
      throw new HttpError(403, 'Refused: this server answers only to 127.0.0.1 and localhost.', 'auth.host')
    }
    const isApi = url.pathname.startsWith('/api/')
    if (!isApi && queryToken(url, token)) {
      // The printed link: keep the token in a cookie and drop it from the address bar.
      url.searchParams.delete('token')
      res.writeHead(303, { location: url.pathname + url.search, 'set-cookie': tokenCookie(token) })
      res.end()
      return
    }
    if (!hasToken(req, token)) {
      if (isApi)
        throw new HttpError(
          401,
          'Missing or wrong access token: open the link `job-monitor serve` printed.',
          'auth.token',
        )
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(
        'Job Monitor needs its access token: open the link that `job-monitor serve` printed (it ends in ?token=…).\n',
      )
      return
    }
    if (isApi) return api(req, res, url.pathname.slice('/api/'.length))
    return page(res, url.pathname)
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (name === 'events') {
      if (req.method !== 'GET') throw new HttpError(405, 'Use GET for /api/events.', 'http.method')
      streams.add(openEventStream(req, res, options.events, (close) => streams.delete(close)))
      return
    }
    if (req.method !== 'POST') throw new HttpError(405, `Use POST for /api/${name}.`, 'http.method')
    const type = req.headers['content-type'] ?? ''
    if (!/^application\/json\b/i.test(type)) {
      throw new HttpError(
        415,
        'Send the input as JSON (content-type: application/json).',
        'http.content-type',
      )
    }
    const input = await readJsonBody(req, maxBody)
    const envelope = await dispatch(options.handlers, name, input, options.log)
    sendEnvelope(res, envelope)
  }

  async function page(res: ServerResponse, path: string): Promise<void> {
    if (!rendererDir) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('The user interface is not built yet: run "npm run build", then start the server again.\n')
      return
    }
    const file = await readStatic(rendererDir, path)
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    })
    res.end(file.body)
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolvePromise())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const origin = `http://${host}:${address.port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    server,
    close: async () => {
      for (const close of [...streams]) close()
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()))
    },
  }
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0)
  const tooLarge = () =>
    new HttpError(413, `The request is larger than ${Math.round(limit / 1048576)} MB.`, 'http.too-large')
  if (declared > limit) {
    req.resume()
    throw tooLarge()
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) {
      req.destroy()
      throw tooLarge()
    }
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.', 'http.bad-json')
  }
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  if (envelope.ok) sendJson(res, 200, { result: envelope.result })
  else sendError(res, envelope.error.status, envelope.error.message, envelope.error.code)
}

function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  if (res.headersSent) {
    res.end()
    return
  }
  sendJson(res, status, { error: { message, code } })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}
