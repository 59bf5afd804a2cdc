import { useEffect, useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { QuotaSettingsShape } from '../../../shared/contract/quota'
import { SOURCE_NAMES } from '../../../shared/domain'
import { api, friendlyError } from '../api/client'
import { NumberField } from './NumberField'

const FIELDS: Array<{ field: keyof QuotaSettingsShape; label: string; min?: number; max?: number }> = [
  { field: 'backfillDepthDays', label: 'Backfill depth (days)', min: 1, max: 180 },
  { field: 'backfillPages', label: 'Backfill pages per search', min: 1, max: 20 },
  { field: 'dailyPages', label: 'Most daily pages per search', min: 1, max: 10 },
  { field: 'maxDelayDays', label: 'Lower priorities wait at most (days)', min: 0, max: 7 },
  { field: 'highPriority', label: 'Every day from priority', min: 1, max: 10 },
  { field: 'times', label: 'Daily loads at' },
  { field: 'minPriority', label: 'Load rows with priority at least', min: 0, max: 10 },
]

/**
 * "What if I backfilled 14 days, or loaded twice a day?" — the month projected now and with other knobs,
 * side by side, for everyone's plans, before anything is saved.
 */
export function WhatIfPanel() {
  const [form, setForm] = useState<QuotaSettingsShape | null>(null)
  const [result, setResult] = useState<MethodOutput<'quota/what-if'> | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api.call('quota/what-if', {}).then(
      (r) => {
        setResult(r)
        setForm(r.settingsNow)
      },
      (e: Error) => setError(friendlyError(e)),
    )
  }, [])
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set())

  async function project() {
    if (!form) return
    setError(null)
    if (invalid.size > 0) {
      // An old projection next to new, refused input would read as the answer to it.
      setResult(null)
      setError('Fix the marked field first.')
      return
    }
    try {
      setResult(await api.call('quota/what-if', form))
    } catch (e) {
      setResult(null)
      setError(friendlyError(e))
    }
  }
  // A source switched off in Settings is not called: it is left out of the month.
  const shown = result?.sources.filter(
    (s) => result.period.find((p) => p.source === s.source)?.enabled !== false,
  )

  return (
    <section className="card" aria-labelledby="what-if-heading">
      <h2 id="what-if-heading">What if…</h2>
      <p className="muted small">
        Change a knob and see what each source spends by its reset, for everyone's current plans, under the
        same plan of calls the daily load follows — Now is the figure on its card above. Nothing is saved
        here; the knobs are in Settings.
      </p>
      {form && (
        <form
          className="form-grid"
          aria-label="What-if knobs"
          onSubmit={(e) => {
            e.preventDefault()
            void project()
          }}
        >
          {FIELDS.map(({ field, label, min, max }) =>
            field === 'times' ? (
              <label key={field}>
                {label}
                <input
                  value={form.times}
                  placeholder="06:00,18:00"
                  onChange={(e) => setForm({ ...form, times: e.target.value })}
                />
              </label>
            ) : (
              <NumberField
                key={field}
                label={label}
                min={min ?? 0}
                max={max}
                value={form[field] as number}
                onValue={(value) => setForm((f) => (f ? { ...f, [field]: value } : f))}
                onValidity={(ok) =>
                  setInvalid((s) => {
                    const next = new Set(s)
                    if (ok) next.delete(field)
                    else next.add(field)
                    return next
                  })
                }
              />
            ),
          )}
          <div className="actions">
            <button type="submit" className="primary">
              Project
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <table className="what-if small" aria-label="Projected month">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Billed</th>
              <th scope="col">Now</th>
              <th scope="col">What-if</th>
            </tr>
          </thead>
          <tbody>
            {shown!.flatMap((s) =>
              (s.source === 'jsearch' ? (['requests'] as const) : (['requests', 'jobs'] as const)).map(
                (unit) => {
                  const billed = unit === s.unit
                  const cell = (value: number) =>
                    billed
                      ? `${value.toLocaleString()} of ${s.limit.toLocaleString()} (${Math.round((value / s.limit) * 100)}%)`
                      : value.toLocaleString()
                  const { now, whatIf } = s.byReset
                  const short = billed && whatIf.verdict === 'short'
                  return (
                    <tr key={`${s.source}-${unit}`}>
                      <th scope="row">{SOURCE_NAMES[s.source]}</th>
                      <td>{unit}</td>
                      <td className={billed && now.verdict === 'short' ? 'error' : undefined}>
                        {cell(now[unit])}
                      </td>
                      <td className={short ? 'error' : undefined}>
                        {cell(whatIf[unit])}
                        {short
                          ? whatIf[unit] > s.limit
                            ? ' — over the plan'
                            : ` — short: on time it needs ${whatIf.needed.toLocaleString()}; lower priorities wait`
                          : ''}
                      </td>
                    </tr>
                  )
                },
              ),
            )}
          </tbody>
        </table>
      )}
      {result && (
        <p className="muted small">
          {result.rows} plan rows → {result.combinations} unique combinations ({result.dailyWhatIf} loaded
          daily); {result.pendingBackfill} combination × source pairs still to backfill.
        </p>
      )}
    </section>
  )
}
