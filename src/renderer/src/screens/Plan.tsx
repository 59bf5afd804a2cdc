import { useState } from 'react'
import type { PlanRow } from '../../../shared/contract/plan'
import { comboId, SOURCE_NAMES, type SourceId } from '../../../shared/domain'
import { api, friendlyError } from '../api/client'
import { useCall, useEvent } from '../api/hooks'
import { CvImport } from '../components/CvImport'

const PRIORITIES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

type Live = Record<string, { status: 'running'; fetched?: number }>
const cellKey = (title: string, location: string, source: SourceId) => comboId(title, location, source)

/**
 * The search plan as a titles × places grid. Every cell shows, per source, whether its month of past jobs
 * is queued, running, done (and whether someone else's plan paid for it) or failed with a retry, plus the
 * jobs it brought in over the last week; titles and places are added and removed here, cells get a
 * priority or a pause.
 */
export function PlanScreen() {
  const plan = useCall('plan/get', [])
  const [live, setLive] = useState<Live>({})
  const [importing, setImporting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // What the last change did beyond the grid (a pause hides jobs from the feed).
  const [notice, setNotice] = useState<string | null>(null)
  const [backfilling, setBackfilling] = useState<string | null>(null)

  useEvent('backfill/progress', (p) => {
    setBackfilling(p.phase === 'finished' || p.phase === 'error' ? null : p.message)
    if (p.phase === 'started' && p.title && p.location && p.source) {
      setLive((l) => ({ ...l, [cellKey(p.title!, p.location!, p.source!)]: { status: 'running' } }))
    }
    if (p.phase === 'progress' && p.source) {
      // The source is working on its claimed cells: show the running count on each of them.
      setLive((l) =>
        Object.fromEntries(
          Object.entries(l).map(([k, v]) => [
            k,
            k.endsWith(`\u0000${p.source}`) ? { ...v, fetched: p.jobsFetched } : v,
          ]),
        ),
      )
    }
    if (p.phase === 'combination' || p.phase === 'finished' || p.phase === 'error') {
      if (p.title && p.location && p.source) {
        setLive((l) => {
          const { [cellKey(p.title!, p.location!, p.source!)]: _, ...rest } = l
          return rest
        })
      }
      if (p.phase !== 'combination') setLive({})
      void plan.reload()
    }
  })

  async function change(action: () => Promise<unknown>, said?: string) {
    setError(null)
    setNotice(null)
    try {
      await action()
      if (said) setNotice(said)
      await plan.reload()
    } catch (e) {
      setError(friendlyError(e))
    }
  }

  if (importing) {
    return (
      <section className="card">
        <h2>Import a new CV</h2>
        <CvImport
          needsEmail={false}
          onCancel={() => setImporting(false)}
          onImported={() => {
            setImporting(false)
            void plan.reload()
          }}
        />
      </section>
    )
  }

  const rows = plan.data?.rows ?? []
  const titles = unique(rows.map((r) => r.title))
  const places = unique(rows.map((r) => r.location))
  const byCell = new Map(rows.map((r) => [comboId(r.title, r.location), r]))
  const failed = rows.some((r) => r.sources.some((s) => s.status === 'failed'))

  return (
    <div className="plan">
      <div className="toolbar">
        <AddForm
          label="Add a title"
          placeholder="e.g. Data Engineer"
          onAdd={(title) => change(() => api.call('plan/add-title', { title }))}
        />
        <AddForm
          label="Add a place"
          placeholder="a city, or Remote"
          onAdd={(location) => change(() => api.call('plan/add-location', { location }))}
        />
        <span className="spacer" />
        {failed && (
          <button type="button" onClick={() => change(() => api.call('backfill/retry'))}>
            Retry failed
          </button>
        )}
        <button type="button" onClick={() => setImporting(true)}>
          Import a new CV
        </button>
      </div>
      {backfilling && (
        <p className="banner info" aria-live="polite">
          {backfilling}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="banner info">
          {notice}
        </p>
      )}
      {plan.state === 'error' && !plan.data && (
        <p role="alert" className="error">
          {plan.message}
        </p>
      )}
      {plan.data && rows.length > 0 && <p className="muted small">{plan.data.backfillReach}</p>}
      {rows.length === 0 && plan.state === 'ready' && (
        <div className="empty">
          <p>Your plan is empty. Add a title and a place above, or import your CV.</p>
        </div>
      )}
      {rows.length > 0 && (
        <div className="grid-scroll">
          <table className="plan-grid" aria-label="Search plan">
            <thead>
              <tr>
                <th scope="col" className="corner">
                  {plural(titles.length, 'title')} × {plural(places.length, 'place')}
                </th>
                {places.map((place) => (
                  <th scope="col" key={place}>
                    <span>{place}</span>
                    <button
                      type="button"
                      className="icon"
                      aria-label={`Remove place ${place}`}
                      onClick={() => {
                        const n = titles.length
                        if (
                          !window.confirm(
                            `Remove ${place} from your plan? Its ${n === 1 ? 'search' : `${n} searches`} (one per title) stop, and their jobs leave your feed.`,
                          )
                        )
                          return
                        void change(() => api.call('plan/remove-location', { location: place }))
                      }}
                    >
                      ×
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {titles.map((title) => (
                <tr key={title}>
                  <th scope="row">
                    <span>{title}</span>
                    <button
                      type="button"
                      className="icon"
                      aria-label={`Remove title ${title}`}
                      onClick={() => {
                        const n = places.length
                        if (
                          !window.confirm(
                            `Remove ${title} from your plan? Its ${n === 1 ? 'search' : `${n} searches`} (one per place) stop, and their jobs leave your feed.`,
                          )
                        )
                          return
                        void change(() => api.call('plan/remove-title', { title }))
                      }}
                    >
                      ×
                    </button>
                  </th>
                  {places.map((place) => {
                    const row = byCell.get(comboId(title, place))
                    return (
                      <td key={place}>
                        {row ? (
                          <Cell row={row} live={live} onChange={change} />
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

function Cell({
  row,
  live,
  onChange,
}: {
  row: PlanRow
  live: Live
  onChange(action: () => Promise<unknown>, said?: string): void
}) {
  const name = `${row.title} in ${row.location}`
  return (
    <div className={row.active ? 'cell' : 'cell paused'} data-testid={`cell-${name}`}>
      <ul className="cell-sources">
        {row.sources.map((s) => {
          const running = live[cellKey(row.title, row.location, s.source)]
          return (
            <li key={s.source} className={`state-${running ? 'running' : s.status}`}>
              <span className="source-name">{SOURCE_NAMES[s.source]}</span>{' '}
              {running ? (
                <span>running{running.fetched ? ` · ${running.fetched} fetched` : '…'}</span>
              ) : s.status === 'done' ? (
                <span>
                  {s.shared ? `shared — no quota used · ${s.jobsFound} jobs` : `done · ${s.jobsFound} jobs`}
                </span>
              ) : s.status === 'failed' ? (
                <span title={s.lastError ?? undefined}>
                  failed{s.lastError ? `: ${s.lastError}` : ''}{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => onChange(() => api.call('backfill/retry'))}
                  >
                    Retry
                  </button>
                </span>
              ) : (
                <span>{s.status === 'running' ? 'running elsewhere…' : 'queued'}</span>
              )}
            </li>
          )
        })}
      </ul>
      <p className="small muted">{row.jobsLast7Days} jobs in the last 7 days</p>
      <div className="cell-controls">
        <label className="small">
          Priority{' '}
          <select
            aria-label={`Priority for ${name}`}
            value={row.priority}
            onChange={(e) =>
              onChange(() => api.call('plan/edit-row', { id: row.id, priority: Number(e.target.value) }))
            }
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="small"
          aria-label={`${row.active ? 'Pause' : 'Resume'} ${name}`}
          onClick={() =>
            onChange(
              () => api.call('plan/edit-row', { id: row.id, active: !row.active }),
              row.active
                ? `Paused ${name}: it is not loaded, and its jobs (${row.jobsLast7Days === 1 ? '1 this week' : `${row.jobsLast7Days} this week`}) are hidden from your feed while it is paused — those another search also finds stay.`
                : `Resumed ${name}: it is loaded again, and its jobs are back in your feed.`,
            )
          }
        >
          {row.active ? 'Pause' : 'Resume'}
        </button>
      </div>
    </div>
  )
}

function AddForm({
  label,
  placeholder,
  onAdd,
}: {
  label: string
  placeholder: string
  onAdd(text: string): Promise<void> | void
}) {
  const [text, setText] = useState('')
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (text.trim().length < 2) return
        await onAdd(text.trim())
        setText('')
      }}
    >
      <input
        aria-label={label}
        placeholder={placeholder}
        value={text}
        maxLength={80}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" disabled={text.trim().length < 2}>
        {label}
      </button>
    </form>
  )
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
