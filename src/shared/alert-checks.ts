/**
 * What an alert setting accepts, the same in Settings, the environment and the CLI, each refusal one line
 * that says what to write instead.
 */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** An ntfy topic: a web URL with the topic as its path (`https://ntfy.sh/my-jobs`). */
export function isTopicUrl(value: string): boolean {
  return isWebUrl(value) && /^\/[^/]+/.test(new URL(value).pathname)
}

/** `smtp://user:password@host:587` or `smtps://…:465` (nodemailer's SMTP URL). */
export function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== ''
  } catch {
    return false
  }
}

export function isEmailAddress(value: string): boolean {
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]+$/.test(value)
}

export const WEBHOOK_HINT = 'Use an http(s) URL, such as https://example.org/hooks/jobs.'
export const NTFY_HINT = 'Use the topic’s URL, such as https://ntfy.sh/my-job-alerts.'
export const SMTP_HINT = 'Use an SMTP URL, such as smtps://me%40example.org:password@smtp.example.org:465.'
export const EMAIL_HINT = 'Use an e-mail address, such as me@example.org.'
export const TIME_HINT = 'Use a time of day such as 22:00.'

/** A URL with its password left out, for showing. */
export function withoutPassword(value: string): string {
  try {
    const url = new URL(value)
    if (url.password) url.password = ''
    return url.href.replace(/\/$/, '')
  } catch {
    return value
  }
}
