import { useState } from 'react'
import {
  EMAIL_HINT,
  isEmailAddress,
  isSmtpUrl,
  isTopicUrl,
  isWebUrl,
  NTFY_HINT,
  SMTP_HINT,
  WEBHOOK_HINT,
} from '../../../shared/alert-checks'
import type { AlertSettings } from '../../../shared/alerts'
import { api, friendlyError } from '../api/client'
import { useCall } from '../api/hooks'
import { NumberField } from './NumberField'
import { Pending } from './Pending'

const CHANNEL_LABELS = { webhook: 'Webhook', ntfy: 'ntfy', email: 'E-mail digest' } as const

/**
 * Settings → Alerts: where alerts go after a load with new jobs (a webhook, an ntfy topic, an e-mail digest
 * over this machine's mail server), the fit they need, quiet hours, *Send a test*, and the last alerts.
 */
export function AlertsSection() {
  const alerts = useCall('alerts/get', [{}])
  // Kept here: the form starts again from what was saved, and the answer to the save stays.
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  if (!alerts.data) return <Pending loaded={alerts} />
  return (
    <AlertsForm
      key={JSON.stringify(alerts.data)}
      settings={alerts.data}
      onSaved={() => alerts.reload()}
      result={result}
      setResult={setResult}
    />
  )
}

interface SaveResult {
  ok: boolean
  message: string
}

function AlertsForm({
  settings,
  onSaved,
  result,
  setResult,
}: {
  settings: AlertSettings
  onSaved(): void
  result: SaveResult | null
  setResult(result: SaveResult | null): void
}) {
  const [webhook, setWebhook] = useState(settings.webhookUrl.value ?? '')
  const [ntfy, setNtfy] = useState(settings.ntfyUrl.value ?? '')
  const [digestTo, setDigestTo] = useState(settings.digestTo.value ?? '')
  const [smtp, setSmtp] = useState('')
  const [minFit, setMinFit] = useState(settings.minFit)
  const [minFitOk, setMinFitOk] = useState(true)
  const [quietFrom, setQuietFrom] = useState(settings.quiet?.from ?? '')
  const [quietTo, setQuietTo] = useState(settings.quiet?.to ?? '')
  const [tests, setTests] = useState<Array<{ channel: string; ok: boolean; message: string }> | null>(null)
  const [testing, setTesting] = useState(false)

  const errors: Record<string, string | undefined> = {
    webhook: webhook.trim() && !isWebUrl(webhook.trim()) ? WEBHOOK_HINT : undefined,
    ntfy: ntfy.trim() && !isTopicUrl(ntfy.trim()) ? NTFY_HINT : undefined,
    digestTo: digestTo.trim() && !isEmailAddress(digestTo.trim()) ? EMAIL_HINT : undefined,
    smtp: smtp.trim() && !isSmtpUrl(smtp.trim()) ? SMTP_HINT : undefined,
    quiet:
      !quietFrom !== !quietTo
        ? 'Give quiet hours both a start and an end, or neither.'
        : quietFrom && quietFrom === quietTo
          ? 'Quiet hours need an end that differs from their start.'
          : undefined,
  }
  const invalid = Object.values(errors).some(Boolean) || !minFitOk

  const submit = async () => {
    if (invalid) {
      setResult({ ok: false, message: 'Not saved: fix the marked field first.' })
      return
    }
    try {
      await api.call('alerts/update', {
        ...(settings.webhookUrl.fromEnvironment ? {} : { webhookUrl: webhook }),
        ...(settings.ntfyUrl.fromEnvironment ? {} : { ntfyUrl: ntfy }),
        ...(settings.digestTo.fromEnvironment ? {} : { digestTo }),
        ...(smtp.trim() && !settings.smtp.fromEnvironment ? { smtpUrl: smtp.trim() } : {}),
        minFit,
        quiet: quietFrom && quietTo ? { from: quietFrom, to: quietTo } : null,
      })
      setResult({ ok: true, message: 'Saved.' })
      onSaved()
    } catch (error) {
      setResult({ ok: false, message: friendlyError(error) })
    }
  }

  const field = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    options: { placeholder: string; type?: string; env?: string; note?: string },
  ) => (
    <label>
      {label}
      <input
        type={options.type ?? 'text'}
        value={value}
        placeholder={options.placeholder}
        disabled={options.env !== undefined}
        aria-invalid={errors[id] ? true : undefined}
        aria-describedby={`alert-${id}-note`}
        onChange={(e) => set(e.target.value)}
      />
      <span id={`alert-${id}-note`} className={errors[id] ? 'error small' : 'muted small'}>
        {errors[id] ?? (options.env ? `Set by ${options.env} on this machine.` : options.note)}
      </span>
    </label>
  )

  return (
    <section className="card" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Alerts</h2>
      <p className="muted small">
        After each load with new jobs, Job Monitor can tell you where you already look — one alert per load,
        never one per job. A failed alert is tried again after the next load.
      </p>
      <form
        className="form-grid top"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {field('webhook', 'Webhook URL', webhook, setWebhook, {
          type: 'url',
          placeholder: 'https://example.org/hooks/jobs',
          env: settings.webhookUrl.fromEnvironment ? 'JOB_MONITOR_WEBHOOK_URL' : undefined,
          note: 'Gets the jobs as JSON (POST).',
        })}
        {field('ntfy', 'ntfy topic URL', ntfy, setNtfy, {
          type: 'url',
          placeholder: 'https://ntfy.sh/my-job-alerts',
          env: settings.ntfyUrl.fromEnvironment ? 'JOB_MONITOR_NTFY_URL' : undefined,
          note: 'A push to your phone; the best job opens when tapped.',
        })}
        {field('digestTo', 'E-mail digest to', digestTo, setDigestTo, {
          type: 'email',
          placeholder: 'me@example.org',
          env: settings.digestTo.fromEnvironment ? 'JOB_MONITOR_DIGEST_TO' : undefined,
          note: 'One mail per load, sent by the mail server below.',
        })}
        {field('smtp', 'Mail server (SMTP URL)', smtp, setSmtp, {
          placeholder: settings.smtp.display ?? 'smtps://user:password@smtp.example.org:465',
          env: settings.smtp.fromEnvironment ? 'JOB_MONITOR_SMTP_URL' : undefined,
          note: settings.smtp.display
            ? `This machine sends with ${settings.smtp.display}; type a new URL to replace it.`
            : settings.canStoreSmtp
              ? 'This machine’s; its password is kept encrypted, like the keys.'
              : 'This machine cannot keep a password encrypted: set JOB_MONITOR_SMTP_URL instead.',
        })}
        <NumberField
          label="Alert about jobs that fit at least"
          min={0}
          max={100}
          value={minFit}
          onValue={setMinFit}
          onValidity={setMinFitOk}
        />
        <fieldset className="quiet-hours">
          <legend>Quiet hours ({settings.timezone})</legend>
          <label>
            From
            <input type="time" value={quietFrom} onChange={(e) => setQuietFrom(e.target.value)} />
          </label>
          <label>
            to
            <input type="time" value={quietTo} onChange={(e) => setQuietTo(e.target.value)} />
          </label>
          <span
            className={errors.quiet ? 'error small' : 'muted small'}
            role={errors.quiet ? 'alert' : undefined}
          >
            {errors.quiet ?? 'Alerts made in these hours wait until they end. Empty: no quiet hours.'}
          </span>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary">
            Save
          </button>
          <button
            type="button"
            disabled={testing}
            onClick={async () => {
              setTesting(true)
              try {
                setTests((await api.call('alerts/test', {})).results)
              } catch (error) {
                setTests([{ channel: 'all', ok: false, message: friendlyError(error) }])
              } finally {
                setTesting(false)
              }
            }}
          >
            {testing ? 'Sending…' : 'Send a test'}
          </button>
        </div>
      </form>
      {result && (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'success small' : 'error small'}>
          {result.message}
        </p>
      )}
      {tests && (
        <ul className="test-results" aria-label="Test alerts">
          {tests.map((t) => (
            <li key={t.channel} className={t.ok ? 'success small' : 'error small'}>
              {t.message}
            </li>
          ))}
        </ul>
      )}
      {settings.recent.length > 0 && (
        <details>
          <summary>Last alerts</summary>
          <ul className="recent-alerts">
            {settings.recent.map((d) => (
              <li key={`${d.createdAt}-${d.channel}`} className="small">
                {CHANNEL_LABELS[d.channel]} · {d.jobs} job{d.jobs === 1 ? '' : 's'} ·{' '}
                {d.status === 'sent'
                  ? `sent ${new Date(d.sentAt ?? d.createdAt).toLocaleString()}`
                  : d.status === 'held'
                    ? 'waiting for the end of quiet hours'
                    : d.status === 'failed'
                      ? `failed (tried ${d.attempts}×): ${d.lastError} — tried again after the next load`
                      : d.status === 'abandoned'
                        ? `given up after ${d.attempts} tries: ${d.lastError}`
                        : 'sending'}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  )
}
