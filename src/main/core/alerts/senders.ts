import nodemailer from 'nodemailer'
import type { AlertPayload } from './payload'
import { alertText, alertTitle, digestHtml, digestSubject } from './render'

export interface SendOptions {
  /** Each request or mail gives up after this long. */
  timeoutMs: number
  fetch?: typeof fetch
}

/** The generic webhook: the payload as JSON, POSTed (docs/alerts-webhook.md). */
export async function postWebhook(url: string, payload: AlertPayload, options: SendOptions): Promise<void> {
  const { target, headers } = withoutCredentials(url)
  await expectOk(
    target,
    await (options.fetch ?? fetch)(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Job Monitor alerts' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs),
    }),
  )
}

/**
 * ntfy: the jobs as the message, to the topic URL, with a title, a priority (high when the best job fits
 * 80 or more) and the best job as the click link (docs/alerts-ntfy.md).
 */
export async function postNtfy(url: string, payload: AlertPayload, options: SendOptions): Promise<void> {
  const { target, headers } = withoutCredentials(url)
  const best = payload.jobs[0]
  const click = best?.link ? safeHeaderUrl(best.link) : undefined
  await expectOk(
    target,
    await (options.fetch ?? fetch)(target, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'text/plain; charset=utf-8',
        Title: alertTitle(payload),
        Priority: (best?.fit ?? 0) >= 80 ? 'high' : 'default',
        Tags: 'briefcase',
        ...(click ? { Click: click } : {}),
      },
      // ntfy keeps a message to 4,096 bytes: ten jobs and a count of the rest fit.
      body: alertText(payload, 10),
      signal: AbortSignal.timeout(options.timeoutMs),
    }),
  )
}

/**
 * The e-mail digest: one mail for the load, with an HTML and a text part, over the machine's SMTP server
 * (`smtp://user:pass@host:587`, `smtps://…:465`; docs/alerts-email.md).
 */
export async function sendDigest(
  smtpUrl: string,
  to: string,
  payload: AlertPayload,
  options: SendOptions,
): Promise<void> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  })
  try {
    await transport.sendMail({
      from: { name: 'Job Monitor', address: senderOf(smtpUrl, to) },
      to,
      subject: digestSubject(payload),
      text: `${alertTitle(payload)}\n\n${alertText(payload)}\n`,
      html: digestHtml(payload),
    })
  } finally {
    transport.close()
  }
}

/** The SMTP login when it is an address (most providers only send as it), else the recipient. */
function senderOf(smtpUrl: string, to: string): string {
  try {
    const user = decodeURIComponent(new URL(smtpUrl).username)
    if (user.includes('@')) return user
  } catch {}
  return to
}

/** fetch refuses a URL with a user and password in it: they become a Basic Authorization header. */
function withoutCredentials(url: string): { target: string; headers: Record<string, string> } {
  const parsed = new URL(url)
  if (!parsed.username && !parsed.password) return { target: parsed.href, headers: {} }
  const login = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
  parsed.username = ''
  parsed.password = ''
  return {
    target: parsed.href,
    headers: { authorization: `Basic ${Buffer.from(login).toString('base64')}` },
  }
}

/** A header carries ASCII only: the link, percent-encoded, or nothing when it is not a web link. */
function safeHeaderUrl(link: string): string | undefined {
  try {
    const url = new URL(link)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

async function expectOk(target: string, response: Response): Promise<void> {
  if (response.ok) {
    await response.body?.cancel()
    return
  }
  const text = (await response.text().catch(() => '')).trim().slice(0, 200)
  throw new Error(`${new URL(target).host} answered HTTP ${response.status}${text ? `: ${text}` : ''}`)
}
