import { z } from 'zod'
import { alertSettingsInput, alertSettingsSchema } from '../alerts'
import { method } from './define'

const channel = z.enum(['webhook', 'ntfy', 'email'])

export const alertMethods = {
  'alerts/get': method(
    z.object({ email: z.string().trim().max(320).optional() }).optional(),
    alertSettingsSchema,
    "Where a person's alerts go (webhook, ntfy, e-mail digest), their threshold and quiet hours, and the last alerts.",
  ),
  'alerts/update': method(
    alertSettingsInput.extend({ email: z.string().trim().max(320).optional() }),
    alertSettingsSchema,
    "Saves a person's alert settings (an empty text clears a channel); the mail server is this machine's.",
  ),
  'alerts/test': method(
    z.object({ channel: channel.optional(), email: z.string().trim().max(320).optional() }),
    z.object({
      results: z.array(z.object({ channel, ok: z.boolean(), message: z.string() })),
    }),
    'Sends a test alert now to each channel set (or the one named), quiet hours or not.',
  ),
}
