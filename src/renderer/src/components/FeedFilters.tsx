import { useEffect, useState } from 'react'
import type { FeedQueryInput } from '../../../shared/contract/feed'
import {
  APPLICATION_STATES,
  JOB_STATES,
  type JobState,
  SOURCE_NAMES,
  SOURCES,
  type SourceId,
  WORK_ARRANGEMENTS,
  type WorkArrangement,
} from '../../../shared/domain'
import { parseSalaryMinimum } from '../../../shared/salary'

export interface Filters {
  text: string
  title?: string
  location?: string
  /** One company, as the job spells it (matched the way the dedupe matches companies); set from a job's detail. */
  company?: string
  arrangement?: WorkArrangement
  source?: SourceId
  postedWithinDays?: number
  salaryKnown?: boolean
  /** Jobs that have closed (expired, or not seen for a while) are listed too. */
  showClosed?: boolean
  /** As typed: "60000", "60k EUR", "35 USD/hour"; a year's pay in the person's currency when it says none. */
  minSalary?: string
  /** Jobs without a salary (or in another currency) are left out too. */
  salaryRequired?: boolean
  watchedOnly?: boolean
  sort?: 'newest' | 'fit'
  /** `open` = everything but hidden. */
  states: 'open' | 'all' | 'new' | 'saved' | 'applied' | 'hidden'
}

/** The typed minimum as the contract takes it, an error to show, or nothing when the field is empty. */
export function salaryMinimum(filters: Filters): {
  value?: NonNullable<FeedQueryInput['minSalary']>
  error?: string
} {
  const text = filters.minSalary?.trim()
  if (!text) return {}
  const parsed = parseSalaryMinimum(text)
  if ('error' in parsed) return { error: parsed.error }
  return {
    value: {
      amount: parsed.yearly,
      period: 'year',
      ...(parsed.currency ? { currency: parsed.currency } : {}),
      keepUnknown: !filters.salaryRequired,
    },
  }
}

export function toQuery(filters: Filters): FeedQueryInput {
  return {
    sort: filters.sort === 'fit' ? 'fit' : undefined,
    minSalary: salaryMinimum(filters).value,
    watchedOnly: filters.watchedOnly || undefined,
    text: filters.text.trim() || undefined,
    title: filters.title?.trim() || undefined,
    location: filters.location?.trim() || undefined,
    company: filters.company?.trim() || undefined,
    arrangements: filters.arrangement ? [filters.arrangement] : undefined,
    source: filters.source,
    postedWithinDays: filters.postedWithinDays,
    salaryKnown: filters.salaryKnown || undefined,
    closed: filters.showClosed ? 'show' : undefined,
    states: statesOf(filters.states),
  }
}

/** The states a choice of the State filter shows; `applied` is every step of an application. */
function statesOf(choice: Filters['states']): JobState[] | undefined {
  if (choice === 'open') return undefined
  if (choice === 'all') return [...JOB_STATES]
  if (choice === 'applied') return [...APPLICATION_STATES]
  return [choice]
}

/** Whether a job in `state` still belongs in a feed filtered by `choice`. */
export function shownIn(choice: Filters['states'], state: JobState): boolean {
  return statesOf(choice)?.includes(state) ?? state !== 'hidden'
}

/** Typing waits a moment before it filters, so the list does not reload on every key. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

export function FeedFilters({ filters, onChange }: { filters: Filters; onChange(filters: Filters): void }) {
  const [text, setText] = useState(filters.text)
  const [title, setTitle] = useState(filters.title ?? '')
  const [location, setLocation] = useState(filters.location ?? '')
  const [pay, setPay] = useState(filters.minSalary ?? '')
  const settledText = useDebounced(text, 200)
  const settledTitle = useDebounced(title, 200)
  const settledLocation = useDebounced(location, 200)
  const settledPay = useDebounced(pay, 400)
  const payError = salaryMinimum({ ...filters, minSalary: settledPay }).error
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the settled texts trigger a new query
  useEffect(() => {
    if (
      settledText !== filters.text ||
      settledTitle !== (filters.title ?? '') ||
      settledLocation !== (filters.location ?? '') ||
      settledPay !== (filters.minSalary ?? '')
    ) {
      onChange({
        ...filters,
        text: settledText,
        title: settledTitle,
        location: settledLocation,
        minSalary: settledPay,
      })
    }
  }, [settledText, settledTitle, settledLocation, settledPay])

  const set = (change: Partial<Filters>) => onChange({ ...filters, ...change })
  return (
    <form className="filters" aria-label="Filter jobs" onSubmit={(e) => e.preventDefault()}>
      <input
        type="search"
        className="search"
        aria-label="Search jobs"
        title={
          'Words find words that begin with them, in the title, company, place and description. "Quotes" for an exact phrase, -word to leave out.'
        }
        placeholder={'Search: python "data engineer" -intern'}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <input
        aria-label="Title contains"
        placeholder="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <input
        aria-label="Place contains"
        placeholder="Place"
        value={location}
        onChange={(e) => setLocation(e.target.value)}
      />
      <select
        aria-label="Arrangement"
        value={filters.arrangement ?? ''}
        onChange={(e) => set({ arrangement: (e.target.value || undefined) as WorkArrangement | undefined })}
      >
        <option value="">Any arrangement</option>
        {WORK_ARRANGEMENTS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <select
        aria-label="Source"
        value={filters.source ?? ''}
        onChange={(e) => set({ source: (e.target.value || undefined) as SourceId | undefined })}
      >
        <option value="">Any source</option>
        {SOURCES.map((s) => (
          <option key={s} value={s}>
            {SOURCE_NAMES[s]}
          </option>
        ))}
      </select>
      <select
        aria-label="Posted within"
        value={filters.postedWithinDays ?? ''}
        onChange={(e) => set({ postedWithinDays: e.target.value ? Number(e.target.value) : undefined })}
      >
        <option value="">Any time</option>
        <option value="1">Last 24 hours</option>
        <option value="3">Last 3 days</option>
        <option value="7">Last week</option>
        <option value="30">Last month</option>
      </select>
      <select
        aria-label="State"
        value={filters.states}
        onChange={(e) => set({ states: e.target.value as Filters['states'] })}
      >
        <option value="open">All but hidden</option>
        <option value="new">New</option>
        <option value="saved">Saved</option>
        <option value="applied">Applied (any step)</option>
        <option value="hidden">Hidden</option>
        <option value="all">Everything</option>
      </select>
      <label className="check">
        <input
          type="checkbox"
          checked={!!filters.salaryKnown}
          onChange={(e) => set({ salaryKnown: e.target.checked || undefined })}
        />
        Salary known
      </label>
      <label
        className="check"
        title="Jobs a source listed expired, or none has shown for the days Settings gives"
      >
        <input
          type="checkbox"
          checked={!!filters.showClosed}
          onChange={(e) => set({ showClosed: e.target.checked || undefined })}
        />
        Closed jobs too
      </label>
      <span className="pay-field">
        <input
          aria-label="Minimum pay"
          aria-invalid={payError ? true : undefined}
          aria-describedby={payError ? 'pay-error' : undefined}
          title="A year's pay, or with a period: 35 EUR/hour, 5000/month (a year = 1,760 hours, 220 days, 12 months)"
          placeholder="Min pay"
          value={pay}
          onChange={(e) => setPay(e.target.value)}
        />
        {payError && (
          <span id="pay-error" role="alert" className="error small">
            {payError}
          </span>
        )}
      </span>
      {filters.minSalary?.trim() && !payError && (
        <label className="check">
          <input
            type="checkbox"
            checked={!!filters.salaryRequired}
            onChange={(e) => set({ salaryRequired: e.target.checked || undefined })}
          />
          Leave out jobs without a salary
        </label>
      )}
      {filters.company && (
        <span className="chip">
          Only {filters.company}
          <button
            type="button"
            className="chip-remove"
            aria-label={`Show every company, not only ${filters.company}`}
            onClick={() => set({ company: undefined })}
          >
            ×
          </button>
        </span>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={!!filters.watchedOnly}
          onChange={(e) => set({ watchedOnly: e.target.checked || undefined })}
        />
        Watched companies
      </label>
      <select
        aria-label="Sort"
        value={filters.sort ?? 'newest'}
        onChange={(e) => set({ sort: e.target.value === 'fit' ? 'fit' : undefined })}
      >
        <option value="newest">Newest first</option>
        <option value="fit">Best fit first</option>
      </select>
    </form>
  )
}
