import { useEffect, useRef, useState } from 'react'
import type { CvProfile, PlaceCheck } from '../../../shared/contract/profile'
import { WORK_ARRANGEMENTS } from '../../../shared/domain'
import { AppError, api, friendlyError } from '../api/client'
import { useEvent } from '../api/hooks'
import { fileToBase64, MAX_CV_BYTES, MAX_CV_MB } from '../lib/files'
import { TagList, type TagNote } from './TagList'

type Step =
  | { step: 'choose' }
  | { step: 'reading'; fileName: string }
  | { step: 'understanding'; fileName: string }
  /** A scan without text: Claude can read the file itself, if the person agrees to send it. */
  | { step: 'consent'; file: File; message: string }
  | {
      step: 'review'
      fileName: string
      dataBase64: string
      profile: CvProfile
      parser: 'claude' | 'heuristic'
      note: string | null
    }
  | { step: 'planning'; fileName: string }
  | {
      step: 'backfilling'
      fileName: string
      message: string
      done: number
      /** Searches × sources to fetch, and the searches as the review counted them. */
      total: number
      searches: number
      sources: number
    }
  | { step: 'done'; message: string }

const STAGES = ['Reading', 'Understanding', 'Review', 'Planning', 'Backfilling'] as const
const stageOf: Record<Step['step'], number> = {
  choose: -1,
  reading: 0,
  understanding: 1,
  consent: 1,
  review: 2,
  planning: 3,
  backfilling: 4,
  done: 5,
}

/**
 * From a CV file to a saved, backfilling plan: read → understand (Claude or the offline parser) → the
 * person reviews and edits the profile → the plan is saved → the new combinations backfill, with progress.
 * `file` starts it at once (a file dropped anywhere on the window).
 */
export function CvImport({
  file,
  needsEmail,
  onImported,
  onCancel,
  onDirty,
}: {
  file?: File
  needsEmail: boolean
  onImported(): void
  onCancel?(): void
  /** Told whether the review holds edits that leaving would lose. */
  onDirty?(dirty: boolean): void
}) {
  const [state, setState] = useState<Step>({ step: 'choose' })
  const [error, setError] = useState<string | null>(null)
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const input = useRef<HTMLInputElement>(null)
  // The dropped file already read: each is read once, a new drop replaces it.
  const started = useRef<File | null>(null)
  // The read in progress, so "Stop reading" can end it in the app (the parse is stopped, not ignored).
  const readId = useRef<string | null>(null)

  useEvent('backfill/progress', (p) => {
    setState((s) => {
      if (s.step !== 'backfilling') return s
      if (p.phase === 'finished' || p.phase === 'error') return { step: 'done', message: p.message }
      if (p.phase === 'combination') return { ...s, message: p.message, done: s.done + 1 }
      return { ...s, message: p.message }
    })
  })

  async function read(chosen: File, options: { sendScan?: boolean } = {}) {
    setError(null)
    if (chosen.size > MAX_CV_BYTES) {
      setError(
        `${chosen.name} is larger than ${MAX_CV_MB} MB: export your CV as a smaller PDF and try again.`,
      )
      return
    }
    if (chosen.size === 0) {
      setError(`${chosen.name} is empty: choose the file that holds your CV.`)
      return
    }
    setState({ step: 'reading', fileName: chosen.name })
    const id = crypto.randomUUID()
    readId.current = id
    try {
      const dataBase64 = await fileToBase64(chosen)
      if (readId.current !== id) return
      setState({ step: 'understanding', fileName: chosen.name })
      const read = await api.call('cv/read', {
        fileName: chosen.name,
        dataBase64,
        readId: id,
        sendScan: options.sendScan,
      })
      if (readId.current !== id) return
      setState({
        step: 'review',
        fileName: chosen.name,
        dataBase64,
        profile: read.profile,
        parser: read.parser,
        note:
          read.parser === 'claude'
            ? 'Read by Claude.'
            : `Read by the offline parser${read.fallbackReason ? ` (${read.fallbackReason})` : ''}: check the titles and places.`,
      })
    } catch (e) {
      if (readId.current !== id) return
      if (e instanceof AppError && e.code === 'cv.scan-needs-consent') {
        setState({ step: 'consent', file: chosen, message: e.message })
        return
      }
      setState({ step: 'choose' })
      setError(friendlyError(e))
    } finally {
      if (readId.current === id) readId.current = null
    }
  }

  // The review opens in view, wherever the drop happened on the page.
  const reviewAt = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (state.step === 'review') reviewAt.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' })
  }, [state.step])

  // Leaving (the dialog closed) stops a read still running: the parse ends, not just the wait for it.
  useEffect(
    () => () => {
      const id = readId.current
      readId.current = null
      if (id) void api.call('cv/cancel-read', { readId: id }).catch(() => {})
    },
    [],
  )

  async function stopReading(fileName: string) {
    const id = readId.current
    readId.current = null
    setState({ step: 'choose' })
    setError(`Stopped reading ${fileName}.`)
    if (id) await api.call('cv/cancel-read', { readId: id }).catch(() => {})
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: a dropped file is read once, when it arrives
  useEffect(() => {
    if (file && started.current !== file) {
      started.current = file
      void read(file)
    }
  }, [file])

  async function save() {
    if (state.step !== 'review') return
    setError(null)
    const { fileName, dataBase64, profile, parser } = state
    setState({ step: 'planning', fileName })
    try {
      const result = await api.call('cv/import', {
        fileName,
        dataBase64,
        profile,
        parser,
        ...(needsEmail ? { email, name: name || undefined } : {}),
      })
      if (result.newCombinations > 0) {
        const fresh = result.rows.filter((r) => r.newOn.length > 0).length
        setState({
          step: 'backfilling',
          fileName,
          message: `Fetching a month of jobs for ${searches(fresh)}…`,
          done: 0,
          total: result.newCombinations,
          searches: fresh,
          sources: result.sourcesEnabled,
        })
      } else {
        setState({
          step: 'done',
          message:
            result.createdRows === 0
              ? 'Your plan already had all of these searches: nothing changed.'
              : result.sourcesEnabled === 0
                ? `Saved ${searches(result.createdRows)}. No job source is on yet: add a JSearch or Active Jobs DB key in Settings, and they are fetched then.`
                : `Saved ${searches(result.createdRows)}; all of them were already fetched by someone sharing this database — no quota used.`,
        })
      }
    } catch (e) {
      setState({ ...state })
      setError(friendlyError(e))
    }
  }

  const stage = stageOf[state.step]
  const emailOk = !needsEmail || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())

  return (
    <section className="cv-import" aria-label="Import your CV">
      {state.step !== 'choose' && state.step !== 'done' && (
        <ol className="stepper" aria-label="Progress">
          {STAGES.map((label, i) => (
            <li
              key={label}
              className={i < stage ? 'done' : i === stage ? 'current' : ''}
              aria-current={i === stage ? 'step' : undefined}
            >
              {label}
            </li>
          ))}
        </ol>
      )}

      {needsEmail && (state.step === 'choose' || state.step === 'review') && (
        <div className="field-row">
          <label>
            Your email
            <input
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder="you@example.com"
              autoComplete="email"
              required
            />
          </label>
          <label>
            <span>
              Your name <span className="muted">(optional)</span>
            </span>
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
        </div>
      )}
      {state.step === 'choose' && (
        <>
          <section
            className="drop-zone"
            aria-label="CV drop zone"
            data-testid="drop-zone"
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault()
              e.stopPropagation()
              const dropped = e.dataTransfer.files[0]
              if (dropped) void read(dropped)
            }}
          >
            <p className="drop-title">Drop your CV here</p>
            <p className="muted">
              PDF, Word (.docx) or text, up to {MAX_CV_MB} MB. It stays on this computer and your database.
            </p>
            <button
              type="button"
              className="primary"
              onClick={() => input.current?.click()}
              disabled={!emailOk}
            >
              Choose a file…
            </button>
            {!emailOk && <p className="muted">Enter your email first: your plan and feed belong to it.</p>}
            <input
              ref={input}
              type="file"
              accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
              className="visually-hidden"
              aria-label="CV file"
              tabIndex={-1}
              onChange={(e) => {
                const chosen = e.target.files?.[0]
                e.target.value = ''
                if (chosen) void read(chosen)
              }}
            />
          </section>
          {onCancel && (
            <div className="actions">
              <button type="button" onClick={onCancel}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}

      {(state.step === 'reading' || state.step === 'understanding' || state.step === 'planning') && (
        <div className="working-row">
          <p className="working" aria-live="polite">
            {state.step === 'reading' && `Reading ${state.fileName}…`}
            {state.step === 'understanding' &&
              `Understanding ${state.fileName}: which jobs and places are you after?`}
            {state.step === 'planning' && 'Saving your search plan…'}
          </p>
          {state.step !== 'planning' && (
            <button type="button" onClick={() => void stopReading(state.fileName)}>
              Stop reading
            </button>
          )}
        </div>
      )}

      {state.step === 'consent' && (
        <div className="consent" role="alertdialog" aria-labelledby="consent-text">
          <p id="consent-text">{state.message}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void read(state.file, { sendScan: true })}
            >
              Send it to Claude
            </button>
            <button
              type="button"
              onClick={() => {
                setState({ step: 'choose' })
                setError(null)
              }}
            >
              Choose another file
            </button>
          </div>
        </div>
      )}

      <div ref={reviewAt} />
      {state.step === 'review' && (
        <ProfileReview
          state={state}
          onChange={(profile) => {
            onDirty?.(true)
            setState({ ...state, profile })
          }}
          onSave={save}
          onCancel={() => setState({ step: 'choose' })}
          blockedSave={needsEmail && !emailOk}
        />
      )}

      {state.step === 'backfilling' && (
        <div aria-live="polite">
          <p className="working">{state.message}</p>
          <p className="small muted">
            {Math.min(state.done, state.total)} of {state.total} fetched — {searches(state.searches)}
            {state.sources > 1 ? `, each from ${state.sources} sources` : ''}
          </p>
          <progress
            max={Math.max(state.total, 1)}
            value={Math.min(state.done, state.total)}
            aria-label="Backfill progress"
          />
          <div className="actions">
            <button type="button" className="primary" onClick={onImported}>
              Continue — it keeps going in the background
            </button>
          </div>
        </div>
      )}

      {state.step === 'done' && (
        <div aria-live="polite">
          <p className="success">{state.message}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={onImported}>
              See your plan
            </button>
          </div>
        </div>
      )}

      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  )
}

function ProfileReview({
  state,
  onChange,
  onSave,
  onCancel,
  blockedSave,
}: {
  state: Extract<Step, { step: 'review' }>
  onChange(profile: CvProfile): void
  onSave(): void
  onCancel(): void
  blockedSave: boolean
}) {
  const { profile } = state
  const checks = usePlaceChecks(profile.locations, profile.country)
  const unplaced = profile.locations.filter((p) => {
    const status = checks[p]?.status
    return status === 'unknown' || status === 'ambiguous'
  })
  const checking = profile.locations.some((p) => !checks[p])
  const ready =
    profile.jobTitles.length > 0 && profile.locations.length > 0 && unplaced.length === 0 && !checking
  const notes = Object.fromEntries(
    profile.locations.flatMap((p): Array<[string, TagNote]> => {
      const check = checks[p]
      if (!check) return []
      const warn = check.status === 'unknown' || check.status === 'ambiguous'
      // "Madrid · Spain", not "Madrid · Madrid, Spain".
      const text = !warn && check.label.startsWith(`${p}, `) ? check.label.slice(p.length + 2) : check.label
      return [[p, { text, tone: warn ? 'warn' : 'ok', options: check.options }]]
    }),
  )
  const originals = Object.entries(profile.originalTitles ?? {}).filter(([title]) =>
    profile.jobTitles.includes(title),
  )
  return (
    <form
      className="review"
      aria-label="Review your profile"
      onSubmit={(e) => {
        e.preventDefault()
        if (ready && !blockedSave) onSave()
      }}
    >
      <p className="muted">
        {state.note} Your plan will search every title in every place: {profile.jobTitles.length} ×{' '}
        {profile.locations.length} = {searches(profile.jobTitles.length * profile.locations.length)}.
      </p>
      {profile.summary && <p className="summary">{profile.summary}</p>}
      <TagList
        label="Job titles"
        values={profile.jobTitles}
        onChange={(jobTitles) => onChange({ ...profile, jobTitles })}
        placeholder="e.g. Data Scientist"
        missing="We found no job title in your CV: add the titles you are looking for."
        hint={
          originals.length
            ? `Searched in English: ${originals.map(([title, original]) => `${title} (from “${original}”)`).join(', ')}.`
            : undefined
        }
      />
      <TagList
        label="Places"
        values={profile.locations}
        onChange={(locations) => onChange({ ...profile, locations })}
        placeholder="a city, or Remote"
        missing="We found no place to work in your CV: add the city you would work in, or Remote."
        notes={notes}
      />
      <label className="field">
        Work arrangement
        <select
          value={profile.workArrangement ?? ''}
          onChange={(e) =>
            onChange({
              ...profile,
              workArrangement: (e.target.value || null) as CvProfile['workArrangement'],
            })
          }
        >
          <option value="">Any</option>
          {WORK_ARRANGEMENTS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <TagList
        label="Skills"
        values={profile.skills}
        onChange={(skills) => onChange({ ...profile, skills })}
        max={40}
      />
      {!ready && !checking && profile.jobTitles.length > 0 && profile.locations.length > 0 && (
        <p className="error">
          {unplaced.length === 1
            ? `Say where "${unplaced[0]}" is`
            : `Say where ${unplaced.length} places are`}{' '}
          before saving: a search without a country goes to the wrong one.
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Choose another file
        </button>
        <button type="submit" className="primary" disabled={!ready || blockedSave}>
          Save my search plan
        </button>
      </div>
    </form>
  )
}

/** Where each place would be searched, asked of the main process as the list changes. */
function usePlaceChecks(places: string[], country: string | null): Record<string, PlaceCheck> {
  const [checks, setChecks] = useState<Record<string, PlaceCheck>>({})
  const key = places.join('\u0000')
  // biome-ignore lint/correctness/useExhaustiveDependencies: the joined key stands for the list
  useEffect(() => {
    let live = true
    if (places.length === 0) return
    api
      .call('places/check', { places, country })
      .then((result) => {
        if (live) setChecks(Object.fromEntries(result.map((c) => [c.text, c])))
      })
      .catch(() => {
        // Without an answer the places stay unchecked; saving still checks them and says what is wrong.
        if (live)
          setChecks(
            Object.fromEntries(
              places.map((p) => [p, { text: p, status: 'placed', country: null, label: '', options: [] }]),
            ),
          )
      })
    return () => {
      live = false
    }
  }, [key, country])
  return checks
}

const searches = (n: number) => (n === 1 ? '1 search' : `${n} searches`)
