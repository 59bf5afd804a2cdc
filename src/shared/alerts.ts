import { z } from 'zod'
import {
  EMAIL_HINT,
  isEmailAddress,
  isSmtpUrl,
  isTopicUrl,
  isWebUrl,
  NTFY_HINT,
  SMTP_HINT,
  TIME_HINT,
  WEBHOOK_HINT,
} from './alert-checks'

export * from './alert-checks'

/** An optional setting: empty clears it. */
const clearable = (check: (v: string) => boolean, hint: string, max = 2000) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => v === '' || check(v), hint)
    .nullable()
    .optional()

const timeOfDay = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, TIME_HINT)

export const alertSettingsInput = z.object({
  webhookUrl: clearable(isWebUrl, WEBHOOK_HINT),
  ntfyUrl: clearable(isTopicUrl, NTFY_HINT),
  digestTo: clearable(isEmailAddress, EMAIL_HINT, 320),
  /** This machine's mail server (kept encrypted, like the keys). */
  smtpUrl: clearable(isSmtpUrl, SMTP_HINT),
  minFit: z
    .number()
    .int()
    .min(0, 'Use a number from 0 to 100.')
    .max(100, 'Use a number from 0 to 100.')
    .optional(),
  /** Quiet hours, or null for none. */
  quiet: z.object({ from: timeOfDay, to: timeOfDay }).nullable().optional(),
})
export type AlertSettingsInput = z.infer<typeof alertSettingsInput>

const envState = z.object({ value: z.string().nullable(), fromEnvironment: z.boolean() })

export const alertSettingsSchema = z.object({
  webhookUrl: envState,
  ntfyUrl: envState,
  digestTo: envState,
  /** The mail server without its password (`smtps://me@smtp.example.org:465`), or null. */
  smtp: z.object({ display: z.string().nullable(), fromEnvironment: z.boolean() }),
  /** Whether a mail server typed here can be stored (encrypted) on this machine. */
  canStoreSmtp: z.boolean(),
  minFit: z.number().int(),
  quiet: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** The schedule's time zone, which quiet hours follow. */
  timezone: z.string(),
  /** The last alerts made, newest first: what happened to each. */
  recent: z.array(
    z.object({
      channel: z.enum(['webhook', 'ntfy', 'email']),
      status: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
      runId: z.number().int().nullable(),
      jobs: z.number().int(),
    }),
  ),
})
export type AlertSettings = z.infer<typeof alertSettingsSchema>
