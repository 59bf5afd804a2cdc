import { useState } from 'react'
import type { Settings } from '../../../shared/contract/settings'
import { api, friendlyError } from '../api/client'

/**
 * Where the data lives: this computer (the default) or a PostgreSQL database shared with other people,
 * with a "Test connection" that checks it before anything switches. A new choice applies at the next start.
 */
export function StorageForm({
  settings,
  onSaved,
}: {
  settings: Settings
  onSaved(settings: Settings): void
}) {
  const { storage } = settings
  const [kind, setKind] = useState<'local' | 'postgres'>(
    storage.saved?.startsWith('postgres') ? 'postgres' : 'local',
  )
  const [url, setUrl] = useState('')
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  const [busy, setBusy] = useState(false)

  async function test() {
    setBusy(true)
    setResult(null)
    try {
      setResult(await api.call('database/test-connection', { url }))
    } finally {
      setBusy(false)
    }
  }

  async function save() {
    setBusy(true)
    try {
      const saved = await api.call('settings/update', { databaseUrl: kind === 'local' ? null : url })
      onSaved(saved)
      setResult({ ok: true, message: 'Saved: Job Monitor uses it from its next start.' })
    } catch (e) {
      setResult({ ok: false, message: friendlyError(e) })
    } finally {
      setBusy(false)
    }
  }

  if (storage.fromEnvironment) {
    return (
      <p className="muted">
        Data lives in <code>{storage.current}</code>, set by <code>DATABASE_URL</code>. Change it there.
      </p>
    )
  }
  return (
    <div className="storage">
      <p className="muted small">
        Now: <code>{storage.current}</code>
        {storage.saved && storage.saved !== storage.current ? (
          <>
            {' '}
            — next start: <code>{storage.saved}</code>
          </>
        ) : null}
      </p>
      <fieldset className="choices">
        <legend className="visually-hidden">Storage</legend>
        <label>
          <input type="radio" name="storage" checked={kind === 'local'} onChange={() => setKind('local')} />{' '}
          This computer (a SQLite file in the data folder) — private to you
        </label>
        <label>
          <input
            type="radio"
            name="storage"
            checked={kind === 'postgres'}
            onChange={() => setKind('postgres')}
          />{' '}
          A PostgreSQL database shared with others — everyone's searches share one quota
        </label>
      </fieldset>
      {kind === 'postgres' && (
        <div className="inline-form">
          <label htmlFor="database-url" className="visually-hidden">
            PostgreSQL URL
          </label>
          <input
            id="database-url"
            value={url}
            spellCheck={false}
            placeholder="postgres://user:password@host:5432/jobs"
            onChange={(e) => setUrl(e.target.value)}
          />
          <button type="button" onClick={test} disabled={busy || !url.trim()}>
            Test connection
          </button>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={save}
          disabled={busy || (kind === 'postgres' && !url.trim()) || (kind === 'local' && !storage.saved)}
        >
          Use from next start
        </button>
      </div>
      {result && (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'success small' : 'error small'}>
          {result.message}
        </p>
      )}
    </div>
  )
}
