import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'jm_token'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return rest.join('=')
  }
  return undefined
}

/** The request carries the server's token, in its cookie or as `Authorization: Bearer <token>`. */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  const given = bearer ?? cookieToken(req)
  return given !== undefined && same(given, token)
}

/** `?token=…` on a page URL: the link the server printed. */
export function queryToken(url: URL, token: string): boolean {
  const given = url.searchParams.get('token')
  return given !== null && same(given, token)
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host)
}

/**
 * On a loopback server, the Host header must name the loopback too: a web page that rebinds its own
 * domain name to 127.0.0.1 then gets refused, even before the token is checked.
 */
export function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true
  const header = req.headers.host ?? ''
  const name = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0]!
  return isLoopback(name)
}
