import type { AlertDeps } from '../alerts/deliver'
import { listUsers } from '../repos/users-repo'
import { scheduleInEffect } from '../scheduler/schedule-setting'
import { type AppContext, currentUser } from './app-context'

/** The name this machine's mail server is kept under (encrypted, like the keys). */
export const SMTP_SECRET = 'smtp'

type AlertContext = Pick<AppContext, 'handle' | 'config' | 'clock' | 'secrets' | 'local'>

/** This machine's mail server: the environment's, else the one saved in Settings. */
export function smtpUrlOf(ctx: Pick<AppContext, 'config' | 'secrets'>): string | undefined {
  return ctx.config.alerts.smtpUrl ?? ctx.secrets.getSecret(SMTP_SECRET)
}

/**
 * What the alerts need from the app, read when they are sent: the schedule's time zone (quiet hours),
 * this machine's mail server, and the environment's channels for the person this app works for (a command
 * on a database with one person works for them).
 */
export async function alertDepsFor(ctx: AlertContext): Promise<AlertDeps> {
  const { db } = ctx.handle
  let person = await currentUser(ctx)
  if (!person) {
    const users = await listUsers(db)
    if (users.length === 1) person = users[0]
  }
  const { webhookUrl, ntfyUrl, digestTo } = ctx.config.alerts
  return {
    db,
    clock: ctx.clock,
    timezone: (await scheduleInEffect(db, ctx.config)).timezone,
    machine: { smtpUrl: smtpUrlOf(ctx), personId: person?.id, env: { webhookUrl, ntfyUrl, digestTo } },
  }
}
