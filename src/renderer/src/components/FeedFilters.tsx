import { useEffect, useState } from 'react'
import type { FeedQueryInput } from '../../../shared/contract/feed'
import {
  SOURCE_NAMES,
  SOURCES,
  type SourceId,
  WORK_ARRANGEMENTS,
  type WorkArrangement,
} from '../../../shared/domain'

export interface Filters {
  text: string
  title?: string
  location?: string
  arrangement?: WorkArrangement
  source?: SourceId
  postedWithinDays?: number
  salaryKnown?: boolean
  /** `open` = everything but hidden. */
  states: 'open' | 'all' | 'new' | 'saved' | 'applied' | 'hidden'
}

export function toQuery(filters: Filters): FeedQueryInput {
  return {
    text: filters.text.trim() || undefined,
    title: filters.title?.trim() || undefined,
    location: filters.location?.trim() || undefined,
    arrangements: filters.arrangement ? [filters.arrangement] : undefined,
    source: filters.source,
    postedWithinDays: filters.postedWithinDays,
    salaryKnown: filters.salaryKnown || undefined,
    states:
      filters.states === 'open'
        ? undefined
        : filters.states === 'all'
          ? ['new', 'seen', 'saved', 'applied', 'hidden']
          : [filters.states],
  }
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
  const settledText = useDebounced(text, 200)
  const settledTitle = useDebounced(title, 200)
  const settledLocation = useDebounced(location, 200)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the settled texts trigger a new query
  useEffect(() => {
    if (
      settledText !== filters.text ||
      settledTitle !== (filters.title ?? '') ||
      settledLocation !== (filters.location ?? '')
    ) {
      onChange({ ...filters, text: settledText, title: settledTitle, location: settledLocation })
    }
  }, [settledText, settledTitle, settledLocation])

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
        <option value="applied">Applied</option>
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
    </form>
  )
}
