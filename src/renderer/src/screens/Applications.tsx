import { useState } from 'react'
import type { Application } from '../../../shared/contract/applications'
import { APPLICATION_STATES, type ApplicationState, STATE_LABELS } from '../../../shared/domain'
import { isWebLink } from '../../../shared/links'
import { api, friendlyError } from '../api/client'
import { useCall } from '../api/hooks'
import { ExportLinks } from '../components/ExportLinks'
import { formatDay } from '../lib/format'
import { ClosedBadge } from './Feed'

type Shown = 'all' | ApplicationState

/**
 * The record of applications: each job a person applied to, where it stands (applied, interviewing, offer,
 * rejected, withdrawn), the day of each step and a note; moved on here, exported as CSV or JSON.
 */
export function ApplicationsScreen() {
  const [shown, setShown] = useState<Shown>('all')
  const list = useCall('applications/list', [shown === 'all' ? {} : { states: [shown] }], shown)
  const [editing, setEditing] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const applications = list.data?.applications ?? []

  return (
    <div className="applications">
      <div className="toolbar">
        <label>
          Show{' '}
          <select value={shown} onChange={(e) => setShown(e.target.value as Shown)}>
            <option value="all">Every application</option>
            {APPLICATION_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small" aria-live="polite">
          {list.data &&
            `${applications.length} application${applications.length === 1 ? '' : 's'}${shown === 'all' ? '' : ` ${STATE_LABELS[shown].toLowerCase()}`}`}
        </p>
        {applications.length > 0 && (
          <ExportLinks
            onError={setError}
            make={async (format) => {
              const file = await api.call('applications/export', {
                format,
                states: shown === 'all' ? undefined : [shown],
              })
              return { file, note: `Exported ${file.count} application${file.count === 1 ? '' : 's'}.` }
            }}
          />
        )}
      </div>
      {(error || list.state === 'error') && (
        <p role="alert" className="error">
          {error ?? (list.state === 'error' ? list.message : '')}
        </p>
      )}
      {list.data && applications.length === 0 && (
        <div className="empty">
          <p>
            {shown === 'all'
              ? 'No applications yet. Mark a job applied in the feed (Mark applied) and it is listed here with the day; move it on to interviewing, offer, rejected or withdrawn as it goes.'
              : `No application is at “${STATE_LABELS[shown]}” now.`}
          </p>
        </div>
      )}
      <ul className="application-list">
        {applications.map((a) => (
          <ApplicationItem
            key={a.jobId}
            application={a}
            editing={editing === a.jobId}
            onEdit={(on) => setEditing(on ? a.jobId : null)}
            onSaved={async () => {
              setEditing(null)
              await list.reload()
            }}
          />
        ))}
      </ul>
    </div>
  )
}

function ApplicationItem({
  application: a,
  editing,
  onEdit,
  onSaved,
}: {
  application: Application
  editing: boolean
  onEdit(on: boolean): void
  onSaved(): Promise<void>
}) {
  const headingId = `application-${a.jobId}`
  return (
    <li className="card application" aria-labelledby={headingId}>
      <div className="application-head">
        <div>
          <h2 id={headingId}>
            {isWebLink(a.applyUrl) ? (
              <a href={a.applyUrl} target="_blank" rel="noopener noreferrer">
                {a.title}
              </a>
            ) : (
              a.title
            )}
          </h2>
          <p className="muted small">{[a.company, a.location].filter(Boolean).join(' · ')}</p>
        </div>
        <span>
          {a.closed && <ClosedBadge closed={a.closed} />}
          <span className={`badge state-${a.state}`}>{STATE_LABELS[a.state]}</span>
        </span>
      </div>
      <ol className="steps small" aria-label={`Steps of ${a.title}`}>
        {a.steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps have no id of their own and never reorder here
          <li key={i}>
            {STATE_LABELS[s.state]} <time dateTime={s.on}>{formatDay(s.on)}</time>
          </li>
        ))}
      </ol>
      {a.note && !editing && <p className="note">{a.note}</p>}
      {editing ? (
        <ApplicationForm application={a} onCancel={() => onEdit(false)} onSaved={onSaved} />
      ) : (
        <button type="button" onClick={() => onEdit(true)} aria-label={`Update ${a.title}`}>
          Update
        </button>
      )}
    </li>
  )
}

function ApplicationForm({
  application: a,
  onCancel,
  onSaved,
}: {
  application: Application
  onCancel(): void
  onSaved(): Promise<void>
}) {
  const [state, setState] = useState<ApplicationState>(a.state)
  const [on, setOn] = useState('')
  const [note, setNote] = useState(a.note ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const moved = state !== a.state
  return (
    <form
      className="application-form"
      aria-label={`Update ${a.title}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel()
      }}
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        setError(null)
        try {
          await api.call('applications/update', {
            id: a.jobId,
            ...(moved ? { state } : {}),
            ...(on ? { on } : {}),
            ...(note !== (a.note ?? '') ? { note } : {}),
          })
          await onSaved()
        } catch (err) {
          setError(friendlyError(err))
        } finally {
          setBusy(false)
        }
      }}
    >
      <label>
        State{' '}
        <select value={state} onChange={(e) => setState(e.target.value as ApplicationState)}>
          {APPLICATION_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {moved
          ? `Day it became ${STATE_LABELS[state].toLowerCase()}`
          : `Day it became ${STATE_LABELS[a.state].toLowerCase()}`}{' '}
        <input type="date" value={on} onChange={(e) => setOn(e.target.value)} />
        <span className="muted small"> {moved ? '(empty: today)' : `(now ${formatDay(a.lastOn)})`}</span>
      </label>
      <label className="wide">
        Note
        <textarea value={note} maxLength={4000} rows={3} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
