import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { hostname, networkInterfaces } from 'node:os'

export const SESSION_COOKIE = 'jm_session'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

/** How long a printed link works, unused; and how long the browser keeps the session it opens. */
const LINK_MS = 15 * 60_000
const SESSION_S = 30 * 86_400

/**
 * Who may use the server. Scripts send the server's token as `Authorization: Bearer <token>`; it never
 * travels in a URL. A browser comes in through a printed link, whose code works once — the first visit
 * trades it for a session cookie, and the link is dead after that (it may sit in a history, a log, a
 * screenshot). Sessions live as long as the server does.
 */
export class Access {
  private readonly codes = new Map<string, number>()
  private readonly sessions = new Set<string>()

  constructor(
    readonly token: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new one-time code for a link. */
  newCode(): string {
    const code = newToken()
    this.codes.set(code, this.now() + LINK_MS)
    return code
  }

  /** Trades a link's code for a session, once; undefined when the code is unknown, used or expired. */
  redeem(code: string): string | undefined {
    for (const [known, expires] of this.codes) {
      if (expires < this.now()) this.codes.delete(known)
      else if (same(known, code)) {
        this.codes.delete(known)
        const session = newToken()
        this.sessions.add(session)
        return session
      }
    }
    return undefined
  }

  /** The request carries a live session cookie, or the token as a bearer. */
  allows(req: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (bearer !== undefined) return same(bearer, this.token)
    const session = cookie(req, SESSION_COOKIE)
    return session !== undefined && this.sessions.has(session)
  }

  sessionCookie(session: string, secure: boolean): string {
    return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_S}${secure ? '; Secure' : ''}`
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host)
}

/** The name in a Host header, without its port. */
export function hostName(header: string | undefined): string {
  const value = (header ?? '').trim().toLowerCase()
  return value.startsWith('[') ? value.slice(0, value.indexOf(']') + 1) : value.split(':')[0]!
}

/**
 * The names a Host header may carry. A loopback server answers only to loopback names, so a web page that
 * rebinds its own domain name to 127.0.0.1 is refused before the token is even checked. A server opened to
 * the network (`--allow-remote`) answers to its address, this machine's names and addresses, and the
 * public names it was given (`--public-host`), and to nothing else.
 */
export function allowedHosts(boundHost: string, publicHosts: readonly string[] = []): Set<string> {
  const names = new Set(LOOPBACK)
  if (isLoopback(boundHost)) return names
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::' || boundHost === '[::]'
  if (!wildcard) names.add(boundHost.toLowerCase())
  names.add(hostname().toLowerCase())
  for (const list of Object.values(networkInterfaces()))
    for (const address of list ?? [])
      names.add(address.family === 'IPv6' ? `[${address.address}]` : address.address)
  for (const name of publicHosts) names.add(name.trim().toLowerCase())
  return names
}

/**
 * A call from a page of another origin is refused, cookie or not: `SameSite` ignores ports, so a page on
 * another port of 127.0.0.1 would otherwise reach the API with the session. Browsers say where a request
 * comes from (`Origin`, `Sec-Fetch-Site`); scripts send neither.
 */
export function crossOrigin(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site']
  if (site === 'cross-site' || site === 'same-site') return `Sec-Fetch-Site: ${site}`
  const origin = req.headers.origin
  if (origin === undefined) return undefined
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http'
  const own = [`http://${req.headers.host}`, `${proto}://${req.headers.host}`]
  return own.includes(origin) ? undefined : `Origin ${origin}`
}
