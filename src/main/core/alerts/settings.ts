import type { Kysely } from 'kysely'
import type { AlertSettingsInput } from '../../../shared/alerts'
import { type Clock, isoNow } from '../clock'
import type { Database } from '../db/schema'
import { UserError } from '../errors'
import type { AlertChannel } from './deliver'
import type { AlertPayload } from './payload'

/** A person's alert settings as stored (none saved: no channel, every new job, no quiet hours). */
export async function storedAlertSettings(db: Kysely<Database>, userId: number) {
  const row = await db
    .selectFrom('alert_settings')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return {
    webhookUrl: row?.webhook_url ?? null,
    ntfyUrl: row?.ntfy_url ?? null,
    digestTo: row?.digest_to ?? null,
    minFit: row?.min_fit ?? 0,
    quiet: row?.quiet_from && row.quiet_to ? { from: row.quiet_from, to: row.quiet_to } : null,
  }
}

/** Saves what the input names (an empty text clears a channel); the rest stays as it was. */
export async function saveAlertSettings(
  db: Kysely<Database>,
  userId: number,
  input: Omit<AlertSettingsInput, 'smtpUrl'>,
  clock: Clock,
): Promise<void> {
  if (input.quiet && input.quiet.from === input.quiet.to)
    throw new UserError(
      'Quiet hours need an end that differs from their start, such as 22:00 to 07:00.',
      'alerts.bad-quiet',
    )
  const current = await storedAlertSettings(db, userId)
  const text = (value: string | null | undefined, was: string | null) =>
    value === undefined ? was : value === null || value.trim() === '' ? null : value.trim()
  const row = {
    webhook_url: text(input.webhookUrl, current.webhookUrl),
    ntfy_url: text(input.ntfyUrl, current.ntfyUrl),
    digest_to: text(input.digestTo, current.digestTo),
    min_fit: input.minFit ?? current.minFit,
    quiet_from: input.quiet === undefined ? (current.quiet?.from ?? null) : (input.quiet?.from ?? null),
    quiet_to: input.quiet === undefined ? (current.quiet?.to ?? null) : (input.quiet?.to ?? null),
    updated_at: isoNow(clock),
  }
  await db
    .insertInto('alert_settings')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute()
}

/** A person's last alerts, newest first, for Settings and the Runs screen. */
export async function recentDeliveries(db: Kysely<Database>, userId: number, limit = 10) {
  const rows = await db
    .selectFrom('alert_deliveries')
    .select([
      'channel',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'sent_at',
      'run_id',
      'payload_json',
    ])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => {
    const payload = JSON.parse(r.payload_json) as AlertPayload
    return {
      channel: r.channel as AlertChannel,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      runId: r.run_id,
      jobs: payload.jobs.length + payload.more,
    }
  })
}

/** The alerts of runs, by run: how many were sent and what failed ("ntfy: … HTTP 500"). */
export async function deliveriesOfRuns(db: Kysely<Database>, runIds: readonly number[]) {
  const byRun = new Map<number, { sent: number; failed: number; held: number; errors: string[] }>()
  if (runIds.length === 0) return byRun
  const rows = await db
    .selectFrom('alert_deliveries')
    .select(['run_id', 'channel', 'status', 'last_error'])
    .where('run_id', 'in', [...runIds])
    .execute()
  for (const r of rows) {
    if (r.run_id === null) continue
    const entry = byRun.get(r.run_id) ?? { sent: 0, failed: 0, held: 0, errors: [] }
    if (r.status === 'sent') entry.sent++
    else if (r.status === 'held' || r.status === 'pending' || r.status === 'sending') entry.held++
    else {
      entry.failed++
      if (r.last_error) entry.errors.push(`${r.channel}: ${r.last_error}`)
    }
    byRun.set(r.run_id, entry)
  }
  return byRun
}
