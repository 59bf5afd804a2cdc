import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { MAX_REQUEST_BYTES } from '../../shared/limits'
import type { Envelope } from '../core/app/dispatch'
import { dispatch } from '../core/app/dispatch'
import type { EventBus } from '../core/app/event-bus'
import type { Handlers } from '../core/app/handlers'
import type { Logger } from '../core/app/logger'
import { errorMessage } from '../core/errors'
import { Access, allowedHosts, crossOrigin, hostName, isLoopback, newToken } from './auth'
import { openEventStream } from './event-stream'
import { findRendererDir, readStatic, type StaticFile } from './static-files'

export interface HeadlessServerOptions {
  handlers: Handlers
  events: EventBus
  log?: Logger
  host: string
  port: number
  /** The token scripts send as `Authorization: Bearer`; a new random one when absent. */
  token?: string
  /** Names the server answers to besides its own address, when it is open to the network. */
  publicHosts?: string[]
  rendererDir?: string
  /** Largest accepted request body (default: a CV at its limit as base64, plus 1 MB). */
  maxBodyBytes?: number
  /** Open connections at once (default 64) and event streams at once (default 16). */
  maxConnections?: number
  maxEventStreams?: number
  /** How long a request (headers and body) may take to arrive (default 30 s; event streams are exempt). */
  requestTimeoutMs?: number
  /**
   * A person's private Atom feed for the token in `GET /feeds/<token>.atom` (no session: the address is
   * the key, for feed readers); undefined when the token opens none.
   */
  privateFeed?: (token: string, self: string) => Promise<{ body: string; updated: string } | undefined>
}

export interface RunningServer {
  /** The address to open, with a one-time code: it works once, in one browser. */
  url: string
  origin: string
  token: string
  server: Server
  /** Another one-time link, for another browser. */
  newLink(): string
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
  const access = new Access(options.token ?? newToken())
  const maxBody = options.maxBodyBytes ?? MAX_REQUEST_BYTES
  const maxStreams = options.maxEventStreams ?? 16
  const hosts = allowedHosts(options.host, options.publicHosts)
  const remote = !isLoopback(options.host)
  const streams = new Set<() => void>()
  let origin = ''

  const requestTimeout = options.requestTimeoutMs ?? 30_000
  // How often Node looks for requests past their timeout (its default, 30 s, would let them run long).
  const server = createServer(
    { connectionsCheckingInterval: Math.min(1_000, requestTimeout) },
    (req, res) => {
      route(req, res).catch((error) => {
        const path = pathOf(req)
        if (error instanceof HttpError) {
          // A refusal is the caller's doing: one line, no stack, never the query (it may hold a code).
          options.log?.info(`Refused ${req.method} ${path}: ${error.status} ${error.code}.`)
          return sendError(res, error.status, error.message, error.code)
        }
        options.log?.error(`${req.method} ${path} failed.`, error)
        sendError(res, 500, `The server failed: ${errorMessage(error)}.`, 'internal')
      })
    },
  )
  server.maxConnections = options.maxConnections ?? 64
  server.headersTimeout = Math.min(10_000, requestTimeout)
  server.requestTimeout = requestTimeout
  server.keepAliveTimeout = 5_000

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hosts.has(hostName(req.headers.host))) {
      throw new HttpError(403, 'Refused: this server does not answer to that host name.', 'auth.host')
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://localhost')
      decodeURIComponent(url.pathname)
    } catch {
      throw new HttpError(400, 'The address has a broken %-escape.', 'http.bad-path')
    }
    const isApi = url.pathname.startsWith('/api/')
    const feed = FEED_PATH.exec(url.pathname)
    if (feed) return privateFeed(req, res, feed[1]!)
    const code = url.searchParams.get('token')
    if (!isApi && code !== null) {
      const session = access.redeem(code)
      if (!session) {
        throw new HttpError(
          401,
          'This link was used already or is old: run "job-monitor serve" again for a new one, or open the app in the browser that used it.',
          'auth.link-used',
        )
      }
      // The printed link: its code becomes a session cookie and leaves the address bar; it works no more.
      url.searchParams.delete('token')
      // Behind an HTTPS proxy (only a server open to the network has one), the cookie is HTTPS-only.
      const secure = req.headers['x-forwarded-proto'] === 'https' && remote
      res.writeHead(303, {
        // Always a path of this server: never `//elsewhere`.
        location: `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`,
        'set-cookie': access.sessionCookie(session, secure),
        'referrer-policy': 'no-referrer',
      })
      res.end()
      return
    }
    if (isApi || url.pathname === '/auth/link') {
      const foreign = crossOrigin(req)
      if (foreign) throw new HttpError(403, `Refused: a call from another site (${foreign}).`, 'auth.origin')
    }
    if (!access.allows(req)) {
      if (isApi)
        throw new HttpError(
          401,
          'Missing or wrong access: open the link `job-monitor serve` printed.',
          'auth.token',
        )
      throw new HttpError(
        401,
        'Job Monitor needs its access link: open the link that `job-monitor serve` printed (it ends in ?token=…).',
        'auth.token',
      )
    }
    if (isApi) return api(req, res, url.pathname.slice('/api/'.length))
    if (url.pathname === '/auth/link') return newLinkFor(req, res)
    return page(req, res, url.pathname)
  }

  /**
   * `GET /feeds/<token>.atom`: a person's private feed. Its address is its key, as feed readers need; a
   * revoked or unknown one is a 404 that says what to do, the same for both so neither is told apart.
   * Readers poll: an unchanged feed is a 304 (ETag).
   */
  async function privateFeed(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, 'Use GET for a feed.', 'http.method')
    // Its own address as the reader used it (the host is one this server answers to, checked above).
    const scheme = req.headers['x-forwarded-proto'] === 'https' && remote ? 'https' : 'http'
    const self = req.headers.host ? `${scheme}://${req.headers.host}` : origin
    const feed = await options.privateFeed?.(token, `${self}/feeds/${token}.atom`)
    if (!feed)
      throw new HttpError(
        404,
        'This feed address was revoked or never existed: make a new one in Settings → Private feed.',
        'feed.unknown',
      )
    const etag = `"${createHash('sha256').update(feed.body).digest('base64url').slice(0, 27)}"`
    const headers = {
      'content-type': 'application/atom+xml; charset=utf-8',
      'cache-control': 'private, max-age=300',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      etag,
      'last-modified': new Date(feed.updated).toUTCString(),
    }
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : feed.body)
  }

  /** `POST /auth/link`: another one-time link, for a browser or a test that has access already. */
  function newLinkFor(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') throw new HttpError(405, 'Use POST for /auth/link.', 'http.method')
    sendJson(res, 200, { url: `${origin}/?token=${access.newCode()}` })
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (name === 'events') {
      if (req.method !== 'GET') throw new HttpError(405, 'Use GET for /api/events.', 'http.method')
      if (streams.size >= maxStreams)
        throw new HttpError(503, `Too many open event streams (${maxStreams}): close a tab.`, 'http.busy')
      // A stream stays open for hours: no idle timeout on its socket.
      req.socket.setTimeout(0)
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

  async function page(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!rendererDir) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('The user interface is not built yet: run "npm run build", then start the server again.\n')
      return
    }
    const file = await readStatic(rendererDir, path)
    const sent = prepared(file)
    const headers: Record<string, string> = {
      'content-type': file.type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      etag: sent.etag,
      vary: 'accept-encoding',
      // Built assets carry their content's hash in their name: they never change. The page itself may.
      'cache-control': file.hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    }
    if (req.headers['if-none-match'] === sent.etag) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    const gzip = sent.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    res.writeHead(200, gzip ? { ...headers, 'content-encoding': 'gzip' } : headers)
    res.end(gzip ? sent.gzip : file.body)
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolvePromise())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  origin = `http://${host}:${address.port}`
  return {
    url: `${origin}/?token=${access.newCode()}`,
    origin,
    token: access.token,
    server,
    newLink: () => `${origin}/?token=${access.newCode()}`,
    close: async () => {
      for (const close of [...streams]) close()
      server.closeAllConnections()
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()))
    },
  }
}

const preparedFiles = new WeakMap<Buffer, { etag: string; gzip: Buffer | undefined }>()

/** A static file's ETag and, for text, its gzip — computed once per file read. */
function prepared(file: StaticFile): { etag: string; gzip: Buffer | undefined } {
  let done = preparedFiles.get(file.body)
  if (!done) {
    const compressible = /^(text\/|application\/json|image\/svg)/.test(file.type) && file.body.length > 1024
    done = {
      etag: `"${createHash('sha256').update(file.body).digest('base64url').slice(0, 27)}"`,
      gzip: compressible ? gzipSync(file.body, { level: 9 }) : undefined,
    }
    preparedFiles.set(file.body, done)
  }
  return done
}

/** A request's path for the log: never its query. */
/** A private feed's address: its token is the key. */
const FEED_PATH = /^\/feeds\/([A-Za-z0-9_-]{1,200})\.atom$/

/** The path of a request for the log: never the query (it may hold a code), never a feed's token. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/')
    .split('?')[0]!
    .replace(/^\/feeds\/[^/]*/, '/feeds/…')
    .slice(0, 200)
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0)
  const tooLarge = () =>
    new HttpError(413, `The request is larger than ${Math.round(limit / 1048576)} MB.`, 'http.too-large')
  // Over the limit: stop reading, answer 413, and close the connection once the answer is out.
  if (declared > limit) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw tooLarge()
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
  // Refused callers get their answer and lose the connection: nothing more is read from them.
  const close = status === 401 || status === 403 || status === 413
  if (close) {
    const socket = res.socket
    res.once('finish', () => socket?.destroy())
  }
  const page = !res.req.url?.startsWith('/api/') && res.req.method === 'GET' && status === 401
  if (page) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
    res.end(`${message}\n`)
    return
  }
  sendJson(res, status, { error: { message, code } }, close)
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  })
  res.end(JSON.stringify(body))
}
