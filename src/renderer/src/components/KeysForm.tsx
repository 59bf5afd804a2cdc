import { useState } from 'react'
import type { Settings } from '../../../shared/contract/settings'
import { api, friendlyError } from '../api/client'

const KEYS = [
  {
    key: 'jsearch',
    name: 'JSearch',
    env: 'JSEARCH_API_KEY',
    what: 'Google for Jobs results (RapidAPI). The free plan has 200 requests a month.',
  },
  {
    key: 'activejobs',
    name: 'Active Jobs DB',
    env: 'ACTIVEJOBS_API_KEY',
    what: 'Jobs straight from company career sites (RapidAPI).',
  },
  {
    key: 'anthropic',
    name: 'Claude',
    env: 'ANTHROPIC_API_KEY',
    what: 'Reads your CV. Without it, an offline parser does.',
  },
] as const

type KeyName = (typeof KEYS)[number]['key']

function keyState(settings: Settings, key: KeyName) {
  return key === 'anthropic' ? settings.anthropicKey : settings.sources[key].key
}

/**
 * The API keys: each optional, each with a "Test key" button that makes one cheap call and says what is
 * left of the plan. Typed keys are stored encrypted by the OS; where that is impossible (the headless
 * server), the form says which environment variable to set instead.
 */
export function KeysForm({ settings, onSaved }: { settings: Settings; onSaved(settings: Settings): void }) {
  return (
    <div className="keys">
      {KEYS.map((k) => (
        <KeyRow
          key={k.key}
          spec={k}
          state={keyState(settings, k.key)}
          canStore={settings.canStoreKeys}
          problem={settings.keyStoreProblem}
          onSaved={onSaved}
        />
      ))}
    </div>
  )
}

function KeyRow({
  spec,
  state,
  canStore,
  problem,
  onSaved,
}: {
  spec: (typeof KEYS)[number]
  state: { set: boolean; fromEnvironment: boolean }
  canStore: boolean
  problem: string | null
  onSaved(settings: Settings): void
}) {
  const [value, setValue] = useState('')
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = `key-${spec.key}`

  async function test() {
    setBusy(true)
    setResult(null)
    try {
      setResult(await api.call('keys/test', { key: spec.key, value: value || undefined }))
    } catch (e) {
      setResult({ ok: false, message: friendlyError(e) })
    } finally {
      setBusy(false)
    }
  }

  async function save(next: string | null) {
    setBusy(true)
    try {
      onSaved(await api.call('settings/update', { keys: { [spec.key]: next } }))
      setValue('')
      setResult(
        next
          ? { ok: true, message: 'Saved, encrypted on this computer.' }
          : { ok: true, message: 'Removed.' },
      )
    } catch (e) {
      setResult({ ok: false, message: friendlyError(e) })
    } finally {
      setBusy(false)
    }
  }

  const status = state.fromEnvironment ? `set by ${spec.env}` : state.set ? 'saved' : 'not set'
  return (
    <div className="key-row">
      <div className="key-head">
        <label htmlFor={inputId} className="key-name">
          {spec.name} key
        </label>
        <span className={`badge ${state.set ? 'ok' : ''}`}>{status}</span>
      </div>
      <p className="muted small">{spec.what}</p>
      <div className="inline-form">
        {canStore && !state.fromEnvironment ? (
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value}
            placeholder={state.set ? '•••••••• (saved)' : 'paste the key'}
            onChange={(e) => setValue(e.target.value)}
          />
        ) : (
          <input
            id={inputId}
            disabled
            value=""
            placeholder={
              state.fromEnvironment ? `from ${spec.env}` : `set ${spec.env} in the server's environment`
            }
          />
        )}
        <button type="button" onClick={test} disabled={busy || (!value && !state.set)}>
          Test key
        </button>
        {canStore && !state.fromEnvironment && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => save(value)}
              disabled={busy || !value.trim()}
            >
              Save
            </button>
            {state.set && (
              <button type="button" onClick={() => save(null)} disabled={busy}>
                Remove
              </button>
            )}
          </>
        )}
      </div>
      {!canStore && !state.set && (
        <p className="muted small">
          {problem
            ? `Keys are not stored here: ${problem}. Set `
            : 'This server cannot store keys encrypted: set '}
          <code>{spec.env}</code> in its environment or <code>.env</code>, then restart it.
        </p>
      )}
      {result && (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'success small' : 'error small'}>
          {result.message}
        </p>
      )}
    </div>
  )
}
