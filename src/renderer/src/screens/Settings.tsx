import { type ReactNode, useEffect, useState } from 'react'
import type { Settings, SettingsUpdate } from '../../../shared/contract/settings'
import { SOURCE_NAMES, SOURCES } from '../../../shared/domain'
import { api, friendlyError } from '../api/client'
import { useCall } from '../api/hooks'
import { AlertsSection } from '../components/AlertsSection'
import { KeysForm } from '../components/KeysForm'
import { NumberField } from '../components/NumberField'
import { Pending } from '../components/Pending'
import { PrivateFeedSection } from '../components/PrivateFeedSection'
import { StorageForm } from '../components/StorageForm'
import { TagList } from '../components/TagList'

/** Every setting, each section saved on its own with a one-line answer. */
export function SettingsScreen({ desktop }: { desktop: boolean }) {
  const settings = useCall('settings/get', [])
  if (!settings.data) return <Pending loaded={settings} />
  const s = settings.data
  const refresh = () => void settings.reload()
  return (
    <div className="settings">
      <ScheduleSection settings={s} onSaved={refresh} />
      <section className="card" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Job sources and keys</h2>
        <div className="toggles">
          {SOURCES.map((source) => (
            <Toggle
              key={source}
              label={`Use ${SOURCE_NAMES[source]}`}
              checked={s.sources[source].enabled}
              onChange={(enabled) => save({ sourcesEnabled: { [source]: enabled } }).then(refresh)}
            />
          ))}
        </div>
        <KeysForm settings={s} onSaved={refresh} />
      </section>
      <KnobsSection settings={s} onSaved={refresh} />
      <PlanLimitsSection settings={s} onSaved={refresh} />
      <section className="card" aria-labelledby="blocklist-heading">
        <h2 id="blocklist-heading">Blocklist</h2>
        <p className="muted small">
          Jobs whose title or company contains one of these never show in your feed.
        </p>
        <TagList
          label="Blocked title words"
          values={s.blocklist.titles}
          onChange={(titles) => save({ blocklist: { ...s.blocklist, titles } }).then(refresh)}
          placeholder="e.g. Praktikum"
          max={200}
        />
        <TagList
          label="Blocked companies"
          values={s.blocklist.companies}
          onChange={(companies) => save({ blocklist: { ...s.blocklist, companies } }).then(refresh)}
          placeholder="a company name"
          max={200}
        />
      </section>
      <WatchlistSection />
      <FitSection settings={s} onSaved={refresh} />
      <AlertsSection />
      <PrivateFeedSection desktop={desktop} />
      <section className="card" aria-labelledby="storage-settings-heading">
        <h2 id="storage-settings-heading">Storage</h2>
        <StorageForm settings={s} onSaved={refresh} />
      </section>
      <section className="card" aria-labelledby="app-heading">
        <h2 id="app-heading">App</h2>
        <Toggle
          label="Show a notification when new jobs arrive"
          checked={s.notifications}
          onChange={(notifications) => save({ notifications }).then(refresh)}
        />
        {desktop ? (
          <Toggle
            label="Start Job Monitor when I log in"
            checked={s.startAtLogin}
            onChange={(startAtLogin) => save({ startAtLogin }).then(refresh)}
          />
        ) : (
          <p className="muted small">Start at login is a setting of the desktop app.</p>
        )}
      </section>
    </div>
  )
}

/** The set of invalid fields with one field's state changed. */
function mark(set: ReadonlySet<string>, field: string, ok: boolean): ReadonlySet<string> {
  if (ok === !set.has(field)) return set
  const next = new Set(set)
  if (ok) next.delete(field)
  else next.add(field)
  return next
}

async function save(change: SettingsUpdate): Promise<Settings> {
  return api.call('settings/update', change)
}

function Toggle({
  label,
  checked,
  onChange,
}: {
  label: string
  checked: boolean
  onChange(value: boolean): void
}) {
  // The box moves when clicked; the saved value, once back, is what it shows.
  const [shown, setShown] = useState(checked)
  useEffect(() => setShown(checked), [checked])
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          setShown(e.target.checked)
          onChange(e.target.checked)
        }}
      />
      {label}
    </label>
  )
}

function Saved({ result }: { result: { ok: boolean; message: string } | null }) {
  if (!result) return null
  return (
    <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'success small' : 'error small'}>
      {result.message}
    </p>
  )
}

function ScheduleSection({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const [time, setTime] = useState(settings.schedule.time)
  const [timezone, setTimezone] = useState(settings.schedule.timezone)
  const [priority, setPriority] = useState(settings.minPriority)
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set())
  useEffect(() => {
    setTime(settings.schedule.time)
    setTimezone(settings.schedule.timezone)
    setPriority(settings.minPriority)
  }, [settings])
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [timezone]
  return (
    <section className="card" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Daily load</h2>
      <form
        className="form-grid"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault()
          if (invalid.size > 0) {
            setResult({ ok: false, message: 'Not saved: fix the marked field first.' })
            return
          }
          try {
            await save({
              ...(settings.schedule.fromEnvironment ? {} : { schedule: { time, timezone } }),
              minPriority: priority,
            })
            setResult({ ok: true, message: 'Saved.' })
            onSaved()
          } catch (error) {
            setResult({ ok: false, message: friendlyError(error) })
          }
        }}
      >
        <label>
          Times (one, or several: 06:00,18:00)
          <input
            value={time}
            disabled={settings.schedule.fromEnvironment}
            onChange={(e) => setTime(e.target.value)}
            required
          />
        </label>
        <label>
          Time zone
          <select
            value={timezone}
            disabled={settings.schedule.fromEnvironment}
            onChange={(e) => setTimezone(e.target.value)}
          >
            {(zones.includes(timezone) ? zones : [timezone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="Load rows with priority at least"
          min={0}
          max={10}
          value={priority}
          onValue={setPriority}
          onValidity={(ok) => setInvalid((s) => mark(s, 'priority', ok))}
        />
        {settings.schedule.fromEnvironment && (
          <p className="muted small">The time is set by JOB_MONITOR_DAILY_AT / JOB_MONITOR_TIMEZONE.</p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
      <Saved result={result} />
      <MissedToday prompt={settings.schedule.missedToday} />
    </section>
  )
}

/**
 * After saving a time that has already passed today: today's load is not started behind the person's
 * back (it costs quota); they are asked, once.
 */
function MissedToday({ prompt }: { prompt: string | null }) {
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null)
  const [dismissed, setDismissed] = useState<string | null>(null)
  if (answer) return <Saved result={answer} />
  if (!prompt || dismissed === prompt) return null
  return (
    <fieldset className="banner info prompt" aria-label="Today's load">
      <legend className="visually-hidden">Today's load</legend>
      <p>{prompt}</p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={async () => {
            try {
              const result = await api.call('daily/run-now')
              setAnswer({ ok: result.started, message: result.message })
            } catch (error) {
              setAnswer({ ok: false, message: friendlyError(error) })
            }
          }}
        >
          Load now
        </button>
        <button type="button" onClick={() => setDismissed(prompt)}>
          Not today
        </button>
      </div>
    </fieldset>
  )
}

/** A settings card whose form saves on its own and says so in one line. */
function SaveSection({
  id,
  heading,
  note,
  submitLabel,
  onSave,
  onSaved,
  children,
  invalid,
}: {
  id: string
  heading: string
  note?: ReactNode
  submitLabel: string
  onSave(): Promise<unknown>
  onSaved(): void
  children: ReactNode
  /** Fields holding a value that cannot be saved: the form refuses to save until they are fixed. */
  invalid?: ReadonlySet<string>
}) {
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {note && <p className="muted small">{note}</p>}
      <form
        className="form-grid"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault()
          if (invalid && invalid.size > 0) {
            setResult({ ok: false, message: 'Not saved: fix the marked field first.' })
            return
          }
          try {
            await onSave()
            setResult({ ok: true, message: 'Saved.' })
            onSaved()
          } catch (error) {
            setResult({ ok: false, message: friendlyError(error) })
          }
        }}
      >
        {children}
        <div className="actions">
          <button type="submit" className="primary">
            {submitLabel}
          </button>
        </div>
      </form>
      <Saved result={result} />
    </section>
  )
}

function PlanLimitsSection({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const [limits, setLimits] = useState(settings.planLimits)
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set())
  return (
    <SaveSection
      invalid={invalid}
      id="limits-heading"
      heading="Plan limits"
      note="What your RapidAPI plans allow each month; the app stays under them and warns before it would not. The gateway's own figures win once a call has reported them."
      submitLabel="Save limits"
      onSave={() => save({ planLimits: limits })}
      onSaved={onSaved}
    >
      {SOURCES.map((source) => (
        <NumberField
          key={source}
          label={`${SOURCE_NAMES[source]}: ${limits[source].unit} per month`}
          min={1}
          value={limits[source].monthlyLimit}
          onValue={(monthlyLimit) => setLimits((l) => ({ ...l, [source]: { ...l[source], monthlyLimit } }))}
          onValidity={(ok) => setInvalid((s) => mark(s, source, ok))}
        />
      ))}
    </SaveSection>
  )
}

function KnobsSection({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const [knobs, setKnobs] = useState(settings.knobs)
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set())
  const field = (name: keyof Settings['knobs'], label: string, max: number, min = 1) => (
    <NumberField
      label={label}
      min={min}
      max={max}
      value={knobs[name]}
      onValue={(value) => setKnobs((k) => ({ ...k, [name]: value }))}
      onValidity={(ok) => setInvalid((s) => mark(s, name, ok))}
    />
  )
  return (
    <SaveSection
      invalid={invalid}
      id="knobs-heading"
      heading="Quota knobs"
      note={
        'Shared by everyone on this database. A shallower backfill, fewer pages and a longer wait for lower priorities cost less; the Quota screen\'s "What if…" shows by how much before you save.'
      }
      submitLabel="Save knobs"
      onSave={() => save({ knobs })}
      onSaved={onSaved}
    >
      {field('backfillDepthDays', 'Backfill depth (days)', 180)}
      {field('backfillPages', 'Backfill pages per search', 20)}
      {field('dailyPages', 'Most daily pages per search', 10)}
      {field('maxDelayDays', 'Lower priorities wait at most (days)', 7, 0)}
      {field('highPriority', 'Every day from priority', 10)}
    </SaveSection>
  )
}

/** Companies the person wants to hear about: their jobs get a badge, a boost and a notification of their own. */
function WatchlistSection() {
  const watched = useCall('companies/watched', [])
  const [error, setError] = useState<string | null>(null)
  // Before anyone has a plan there is nobody to watch for: the section waits for the first CV.
  if (watched.state === 'error') return null
  const names = watched.data?.map((w) => w.name) ?? []
  return (
    <section className="card" aria-labelledby="watchlist-heading">
      <h2 id="watchlist-heading">Watched companies</h2>
      <p className="muted small">
        Jobs at these companies get a Watched badge and 10 points of fit, have their own filter, and are
        notified even below the fit threshold. “Zalando SE” and “zalando” are one company.
      </p>
      <TagList
        label="Companies you watch"
        values={names}
        placeholder="a company name"
        max={200}
        onChange={async (next) => {
          setError(null)
          try {
            for (const name of next.filter((n) => !names.includes(n)))
              await api.call('companies/watch', { name })
            for (const name of names.filter((n) => !next.includes(n)))
              await api.call('companies/unwatch', { name })
          } catch (e) {
            setError(friendlyError(e))
          }
          void watched.reload()
        }}
      />
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </section>
  )
}

/** "EUR=1, USD=0.92" → a rate table, or the first problem in our words. */
export function parseRates(text: string): { rates: Record<string, number> } | { error: string } {
  const rates: Record<string, number> = {}
  for (const part of text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]{3})\s*[=:]\s*(\d+(?:\.\d+)?)$/.exec(part)
    if (!match || Number(match[2]) <= 0)
      return { error: `“${part}” is not a rate: write CODE=value, such as USD=0.92.` }
    rates[match[1]!.toUpperCase()] = Number(match[2])
  }
  return { rates }
}

function FitSection({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const [minFit, setMinFit] = useState(settings.notifyMinFit)
  const [closedDays, setClosedDays] = useState(settings.probablyClosedDays)
  const written = Object.entries(settings.currencyRates)
    .map(([code, rate]) => `${code}=${rate}`)
    .join(', ')
  const [rates, setRates] = useState(written)
  const [opinions, setOpinions] = useState(settings.opinions.enabled)
  const [perDay, setPerDay] = useState(settings.opinions.perDay)
  const perDayTokens = perDay * settings.opinions.tokensPerJob
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set())
  const parsed = parseRates(rates)
  const ratesError = 'error' in parsed ? parsed.error : undefined
  return (
    <SaveSection
      invalid={ratesError ? new Set([...invalid, 'rates']) : invalid}
      id="fit-heading"
      heading="Fit and salary"
      note="The fit score (0–100) compares each job with your CV. A notification after a load counts only the new jobs that fit at least this well (0: all of them)."
      submitLabel="Save"
      onSave={() =>
        save({
          notifyMinFit: minFit,
          probablyClosedDays: closedDays,
          currencyRates: 'rates' in parsed ? parsed.rates : settings.currencyRates,
        })
      }
      onSaved={onSaved}
    >
      <NumberField
        label="Notify about jobs that fit at least"
        min={0}
        max={100}
        value={minFit}
        onValue={setMinFit}
        onValidity={(ok) => setInvalid((s) => mark(s, 'minFit', ok))}
      />
      <NumberField
        label="Probably closed after this many days unseen"
        min={0}
        max={365}
        value={closedDays}
        onValue={setClosedDays}
        onValidity={(ok) => setInvalid((s) => mark(s, 'closedDays', ok))}
        hint="A job no source has shown for this long leaves the feed (0: never); saved and applied jobs stay, with a badge. Shared by everyone on this database."
      />
      <label>
        Currency rates for the salary filter (optional)
        <input
          value={rates}
          placeholder="EUR=1, USD=0.92, GBP=1.17"
          aria-invalid={ratesError ? true : undefined}
          aria-describedby="rates-note"
          onChange={(e) => setRates(e.target.value)}
        />
        <span id="rates-note" className={ratesError ? 'error small' : 'muted small'}>
          {ratesError ??
            'The value of one unit of each currency in any one base. Without rates, a minimum compares salaries in its own currency only.'}
        </span>
      </label>
      <fieldset className="opinions">
        <legend>Claude’s second opinion</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={opinions}
            disabled={!settings.opinions.available && !opinions}
            onChange={(e) => setOpinions(e.target.checked)}
          />
          Ask Claude about the best new jobs of each day
        </label>
        <NumberField
          label="Jobs a day, at most"
          min={1}
          max={50}
          value={perDay}
          onValue={setPerDay}
          onValidity={(ok) => setInvalid((s) => mark(s, 'perDay', ok))}
        />
        <p className="muted small" id="opinion-cost">
          {settings.opinions.available
            ? `Costs at most ${perDayTokens.toLocaleString('en')} tokens a day (${settings.opinions.tokensPerJob.toLocaleString('en')} a job; about ${(perDayTokens * 30).toLocaleString('en')} a month), counted on the Quota screen. The fit score stays the order; Claude adds a verdict and one reason.`
            : 'Needs a Claude key (Keys, above). Off, nothing is sent to Claude.'}
        </p>
      </fieldset>
    </SaveSection>
  )
}
