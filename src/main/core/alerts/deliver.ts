import type { Kysely } from 'kysely'
import pRetry from 'p-retry'
import { type Clock, isoNow } from '../clock'
import type { Database } from '../db/schema'
import { errorMessage } from '../errors'
import { type AlertPayload, newJobsPayload, testPayload } from './payload'
import { quietUntil } from './quiet-hours'
import { postNtfy, postWebhook, type SendOptions, sendDigest } from './senders'

export const ALERT_CHANNELS = ['webhook', 'ntfy', 'email'] as const
export type AlertChannel = (typeof ALERT_CHANNELS)[number]

export const CHANNEL_NAMES: Record<AlertChannel, string> = {
  webhook: 'the webhook',
  ntfy: 'ntfy',
  email: 'the e-mail digest',
}

/** What this machine adds: its mail server, and the environment's channels for the person it works for. */
export interface MachineAlerts {
  /** JOB_MONITOR_SMTP_URL, else the one saved in Settings. */
  smtpUrl?: string
  /** The person the environment's channels are for (this app's person). */
  personId?: number
  env: { webhookUrl?: string; ntfyUrl?: string; digestTo?: string }
}

export interface AlertDeps {
  db: Kysely<Database>
  clock: Clock
  /** The schedule's time zone: quiet hours are on its clock. */
  timezone: string
  machine: MachineAlerts
  /** Tries within one delivery, and the first wait (doubling); a delivery still failing waits for the next load. */
  retry?: { retries: number; minTimeoutMs: number }
  timeoutMs?: number
  fetch?: typeof fetch
}

/** Where one person's alerts go, with the environment's channels in place of theirs. */
export interface AlertTargets {
  webhook?: string
  ntfy?: string
  /** The digest's address; sent when this machine has a mail server. */
  email?: string
  minFit: number
  quiet?: { from: string; to: string }
}

/** A delivery is given up after this many loads have tried it (each with its own retries). */
export const MAX_DELIVERY_ATTEMPTS = 5
/** A delivery another process claimed is free again after this long (that process stopped). */
const CLAIM_MS = 10 * 60_000

export async function alertTargets(db: Kysely<Database>, userId: number, machine: MachineAlerts) {
  const row = await db
    .selectFrom('alert_settings')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst()
  const env = machine.personId === userId ? machine.env : {}
  const targets: AlertTargets = {
    webhook: env.webhookUrl ?? row?.webhook_url ?? undefined,
    ntfy: env.ntfyUrl ?? row?.ntfy_url ?? undefined,
    email: env.digestTo ?? row?.digest_to ?? undefined,
    minFit: row?.min_fit ?? 0,
    ...(row?.quiet_from && row.quiet_to ? { quiet: { from: row.quiet_from, to: row.quiet_to } } : {}),
  }
  return targets
}

function channelsOf(targets: AlertTargets): AlertChannel[] {
  return ALERT_CHANNELS.filter((c) => targets[c] !== undefined)
}

/**
 * Records the alerts of a load's new jobs for a person, one per channel they set (none when no new job
 * reaches their threshold); held until the end of their quiet hours when it is quiet now. `sendDue` sends them.
 */
export async function queueAlerts(
  deps: AlertDeps,
  input: { userId: number; runId: number | null; jobIds: readonly number[] },
): Promise<number> {
  const targets = await alertTargets(deps.db, input.userId, deps.machine)
  const channels = channelsOf(targets)
  if (channels.length === 0) return 0
  const payload = await newJobsPayload(deps.db, deps.clock, { ...input, minFit: targets.minFit })
  if (!payload) return 0
  const now = deps.clock()
  const quiet = targets.quiet
    ? quietUntil(now, targets.quiet.from, targets.quiet.to, deps.timezone)
    : undefined
  await deps.db
    .insertInto('alert_deliveries')
    .values(
      channels.map((channel) => ({
        user_id: input.userId,
        run_id: input.runId,
        channel,
        status: quiet ? 'held' : 'pending',
        payload_json: JSON.stringify(payload),
        created_at: now.toISOString(),
        due_at: quiet ? quiet.toISOString() : now.toISOString(),
      })),
    )
    .execute()
  return channels.length
}

export interface SendOutcome {
  sent: number
  failed: number
  /** The first failure, for the log: "ntfy: ntfy.sh answered HTTP 500". */
  firstError?: string
}

/**
 * Sends every alert that is due: new ones, held ones whose quiet hours are over, and failed ones again
 * (each load tries them once more, up to MAX_DELIVERY_ATTEMPTS). Each is claimed first, so two Job
 * Monitors sharing the database never send one twice. Failures are recorded, never thrown.
 */
export async function sendDue(deps: AlertDeps): Promise<SendOutcome> {
  const now = isoNow(deps.clock)
  const due = await deps.db
    .selectFrom('alert_deliveries')
    .selectAll()
    .where('status', 'in', ['pending', 'held', 'failed', 'sending'])
    .where('due_at', '<=', now)
    .orderBy('id')
    .execute()
  const outcome: SendOutcome = { sent: 0, failed: 0 }
  for (const delivery of due) {
    const claimed = await deps.db
      .updateTable('alert_deliveries')
      .set({ status: 'sending', due_at: new Date(deps.clock().getTime() + CLAIM_MS).toISOString() })
      .where('id', '=', delivery.id)
      .where('status', '=', delivery.status)
      .where('due_at', '=', delivery.due_at)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) continue
    const channel = delivery.channel as AlertChannel
    const payload = JSON.parse(delivery.payload_json) as AlertPayload
    const targets = await alertTargets(deps.db, delivery.user_id, deps.machine)
    const attempts = delivery.attempts + 1
    try {
      await pRetry(() => send(deps, channel, targets, payload), {
        retries: deps.retry?.retries ?? 2,
        minTimeout: deps.retry?.minTimeoutMs ?? 2000,
        factor: 2,
      })
      await deps.db
        .updateTable('alert_deliveries')
        .set({ status: 'sent', attempts, sent_at: isoNow(deps.clock), due_at: null, last_error: null })
        .where('id', '=', delivery.id)
        .execute()
      outcome.sent++
    } catch (error) {
      const message = errorMessage(error)
      await deps.db
        .updateTable('alert_deliveries')
        .set({
          status: attempts >= MAX_DELIVERY_ATTEMPTS ? 'abandoned' : 'failed',
          attempts,
          last_error: message.slice(0, 500),
          // The next load tries again (sendDue runs after each load).
          due_at: attempts >= MAX_DELIVERY_ATTEMPTS ? null : isoNow(deps.clock),
        })
        .where('id', '=', delivery.id)
        .execute()
      outcome.failed++
      outcome.firstError ??= `${CHANNEL_NAMES[channel]}: ${message}`
    }
  }
  return outcome
}

/** When the next held alert is due (the end of someone's quiet hours), if any. */
export async function nextHeldAt(db: Kysely<Database>): Promise<Date | undefined> {
  const row = await db
    .selectFrom('alert_deliveries')
    .select((eb) => eb.fn.min('due_at').as('at'))
    .where('status', '=', 'held')
    .executeTakeFirst()
  return row?.at ? new Date(row.at) : undefined
}

/** *Send a test*: a made-up alert to each channel the person set (or one), at once, quiet hours or not. */
export async function sendTest(
  deps: AlertDeps,
  userId: number,
  only?: AlertChannel,
): Promise<Array<{ channel: AlertChannel; ok: boolean; message: string }>> {
  const person = await deps.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst()
  const targets = await alertTargets(deps.db, userId, deps.machine)
  const channels = channelsOf(targets).filter((c) => !only || c === only)
  const payload = testPayload(person?.email ?? '', deps.clock)
  const results: Array<{ channel: AlertChannel; ok: boolean; message: string }> = []
  for (const channel of only && !channels.includes(only) ? [only] : channels) {
    try {
      await send(deps, channel, targets, payload)
      results.push({
        channel,
        ok: true,
        message: `Sent a test alert to ${describeTarget(channel, targets)}.`,
      })
    } catch (error) {
      results.push({
        channel,
        ok: false,
        message: `${capitalize(CHANNEL_NAMES[channel])}: ${errorMessage(error)}`,
      })
    }
  }
  return results
}

async function send(deps: AlertDeps, channel: AlertChannel, targets: AlertTargets, payload: AlertPayload) {
  const options: SendOptions = { timeoutMs: deps.timeoutMs ?? 15_000, fetch: deps.fetch }
  if (channel === 'webhook') {
    if (!targets.webhook)
      throw new Error('no webhook URL is set: Settings → Alerts, or JOB_MONITOR_WEBHOOK_URL.')
    return postWebhook(targets.webhook, payload, options)
  }
  if (channel === 'ntfy') {
    if (!targets.ntfy)
      throw new Error('no ntfy topic URL is set: Settings → Alerts, or JOB_MONITOR_NTFY_URL.')
    return postNtfy(targets.ntfy, payload, options)
  }
  if (!targets.email)
    throw new Error('no address is set for the digest: Settings → Alerts, or JOB_MONITOR_DIGEST_TO.')
  if (!deps.machine.smtpUrl)
    throw new Error(
      'this machine has no mail server: set JOB_MONITOR_SMTP_URL, or the SMTP URL in Settings → Alerts.',
    )
  return sendDigest(deps.machine.smtpUrl, targets.email, payload, options)
}

function describeTarget(channel: AlertChannel, targets: AlertTargets): string {
  if (channel === 'email') return targets.email ?? 'the digest address'
  const url = channel === 'webhook' ? targets.webhook : targets.ntfy
  try {
    const parsed = new URL(url ?? '')
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`
  } catch {
    return CHANNEL_NAMES[channel]
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
