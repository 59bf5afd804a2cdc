import type { AlertSettings } from '../../../../shared/alerts'
import { withoutPassword } from '../../../../shared/alerts'
import { sendTest } from '../../alerts/deliver'
import { recentDeliveries, saveAlertSettings, storedAlertSettings } from '../../alerts/settings'
import { UserError } from '../../errors'
import { alertDepsFor, SMTP_SECRET, smtpUrlOf } from '../alert-deps'
import { type AppContext, personFor } from '../app-context'
import type { HandlerGroup } from './types'

const ENV_NAMES = {
  webhookUrl: 'JOB_MONITOR_WEBHOOK_URL',
  ntfyUrl: 'JOB_MONITOR_NTFY_URL',
  digestTo: 'JOB_MONITOR_DIGEST_TO',
} as const

export function alertHandlers(ctx: AppContext): HandlerGroup<'alerts/get' | 'alerts/update' | 'alerts/test'> {
  const { db } = ctx.handle

  const view = async (userId: number): Promise<AlertSettings> => {
    const deps = await alertDepsFor(ctx)
    const stored = await storedAlertSettings(db, userId)
    const env = deps.machine.personId === userId ? deps.machine.env : {}
    const field = (name: keyof typeof ENV_NAMES) => ({
      value: env[name] ?? stored[name],
      fromEnvironment: env[name] !== undefined,
    })
    const smtp = smtpUrlOf(ctx)
    return {
      webhookUrl: field('webhookUrl'),
      ntfyUrl: field('ntfyUrl'),
      digestTo: field('digestTo'),
      smtp: { display: smtp ? withoutPassword(smtp) : null, fromEnvironment: !!ctx.config.alerts.smtpUrl },
      canStoreSmtp: ctx.secrets.canStore,
      minFit: stored.minFit,
      quiet: stored.quiet,
      timezone: deps.timezone,
      recent: await recentDeliveries(db, userId),
    }
  }

  return {
    'alerts/get': async (input) => view((await personFor(ctx, input?.email, 'alerts.no-person')).id),

    'alerts/update': async ({ email, smtpUrl, ...change }) => {
      const person = await personFor(ctx, email, 'alerts.no-person')
      const deps = await alertDepsFor(ctx)
      if (deps.machine.personId === person.id)
        for (const name of Object.keys(ENV_NAMES) as Array<keyof typeof ENV_NAMES>)
          if (change[name] !== undefined && deps.machine.env[name] !== undefined)
            throw new UserError(
              `${ENV_NAMES[name]} sets this on this machine: change it there, or unset it to choose here.`,
              'alerts.from-environment',
            )
      if (smtpUrl !== undefined) {
        if (ctx.config.alerts.smtpUrl)
          throw new UserError(
            'JOB_MONITOR_SMTP_URL sets the mail server on this machine: change it there, or unset it to choose here.',
            'alerts.from-environment',
          )
        if (!ctx.secrets.canStore && smtpUrl)
          throw new UserError(
            'This machine cannot keep a password encrypted: set the mail server with JOB_MONITOR_SMTP_URL instead.',
            'alerts.no-key-store',
          )
        ctx.secrets.setSecret(SMTP_SECRET, smtpUrl || null)
      }
      await saveAlertSettings(db, person.id, change, ctx.clock)
      return view(person.id)
    },

    'alerts/test': async ({ channel, email }) => {
      const person = await personFor(ctx, email, 'alerts.no-person')
      const results = await sendTest(await alertDepsFor(ctx), person.id, channel)
      if (results.length === 0)
        throw new UserError(
          'No alert is set up yet: add a webhook URL, an ntfy topic or an address for the digest first.',
          'alerts.none',
        )
      return { results }
    },
  }
}
