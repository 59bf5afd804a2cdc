import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { FeedJob, FeedQueryInput } from '../../../shared/contract/feed'
import { isApplicationState, type JobState, STATE_LABELS } from '../../../shared/domain'
import { isWebLink } from '../../../shared/links'
import { api, friendlyError } from '../api/client'
import { useEvent } from '../api/hooks'
import { ExportLinks } from '../components/ExportLinks'
import { FeedFilters, type Filters, shownIn, toQuery } from '../components/FeedFilters'
import { JobDetail } from '../components/JobDetail'
import { modalOpen } from '../components/Modal'
import { ago, formatDate } from '../lib/format'
import { go } from '../lib/route'

const PAGE = 200
const ROW_HEIGHT = 92

/**
 * The job feed: newest first, filtered and searched on the server, shown as a virtualized list that stays
 * smooth at tens of thousands of jobs (pages of 200 load as you scroll), with a detail pane, keyboard
 * navigation (j/k, o open, s save, h hide) and a "new since your last visit" marker.
 */
export function FeedScreen() {
  const [filters, setFilters] = useState<Filters>({ text: '', states: 'open' })
  const [jobs, setJobs] = useState<FeedJob[]>([])
  const [done, setDone] = useState(false)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<number | null>(null)
  const [lastVisit, setLastVisit] = useState<string | null | undefined>(undefined)
  const generation = useRef(0)
  const loadingMore = useRef(false)
  const scroller = useRef<HTMLDivElement>(null)
  const query = useMemo<FeedQueryInput>(() => toQuery(filters), [filters])

  const [undo, setUndo] = useState<{ job: FeedJob; previous: JobState } | null>(null)
  // A job opened is seen: its New goes, here and after a reload.
  const openedNew = useCallback((job: FeedJob) => {
    if (job.state !== 'new') return
    setJobs((old) => old.map((j) => (j.id === job.id ? { ...j, state: 'seen' } : j)))
    void api.call('jobs/set-state', { id: job.id, state: 'seen' }).catch(() => {})
  }, [])
  const load = useCallback(
    async (offset: number) => {
      const mine = offset === 0 ? ++generation.current : generation.current
      loadingMore.current = true
      setLoading(true)
      try {
        const page = await api.call('feed/list', { ...query, limit: PAGE, offset })
        if (mine !== generation.current) return
        setError(null)
        setJobs((old) => (offset === 0 ? page.jobs : [...old, ...page.jobs]))
        setDone(page.jobs.length < PAGE)
        // The marker of "new": jobs first seen after it carry New until the person opens them (or marks all
        // seen), across reloads. A first visit only sets it — everything is new then, so nothing is marked.
        setLastVisit((known) => {
          if (known === undefined && page.lastVisitAt === null)
            void api.call('feed/mark-visited').catch(() => {})
          return known === undefined ? page.lastVisitAt : known
        })
      } catch (e) {
        if (mine === generation.current) setError(friendlyError(e))
      } finally {
        if (mine === generation.current) {
          setLoading(false)
          loadingMore.current = false
        }
      }
    },
    [query],
  )

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 })
    void load(0)
  }, [load])

  // New jobs from a load: show them without losing the place.
  useEvent('run/finished', (r) => {
    if (r.jobsNew > 0) void load(0)
  })
  useEvent('backfill/progress', (p) => {
    if (p.phase === 'finished' && (p.jobsNew ?? 0) > 0) void load(0)
  })

  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const items = virtualizer.getVirtualItems()
  const lastItem = items.at(-1)
  useEffect(() => {
    if (!lastItem || done || loadingMore.current) return
    if (lastItem.index >= jobs.length - 40) void load(jobs.length)
  }, [lastItem, done, jobs.length, load])

  const index = jobs.findIndex((j) => j.id === selected)
  const select = useCallback(
    (i: number) => {
      const job = jobs[Math.max(0, Math.min(jobs.length - 1, i))]
      if (!job) return
      setSelected(job.id)
      virtualizer.scrollToIndex(jobs.indexOf(job), { align: 'auto' })
      openedNew(job)
    },
    [jobs, virtualizer, openedNew],
  )

  const setState = useCallback(
    async (job: FeedJob, state: JobState) => {
      try {
        // The answer is the state the job has now: unhiding an application gives back its step.
        const { state: now } = await api.call('jobs/set-state', { id: job.id, state })
        // A hidden job can be had back as it was — saved stays saved.
        setUndo(now === 'hidden' ? { job, previous: job.state } : null)
        setJobs((old) =>
          shownIn(filters.states, now)
            ? old.map((j) => (j.id === job.id ? { ...j, state: now } : j))
            : old.filter((j) => j.id !== job.id),
        )
      } catch (e) {
        setError(friendlyError(e))
      }
    },
    [filters.states],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (
        modalOpen() ||
        target.closest('input, textarea, select, [contenteditable="true"]') ||
        event.metaKey ||
        event.ctrlKey ||
        event.altKey
      )
        return
      const job = jobs[index]
      if (event.key === 'j' || event.key === 'ArrowDown') select(index + 1)
      else if (event.key === 'k' || event.key === 'ArrowUp') select(index <= 0 ? 0 : index - 1)
      // The same check as the Apply button: only a web link opens.
      else if (event.key === 'o' && isWebLink(job?.applyUrl))
        window.open(job.applyUrl, '_blank', 'noopener,noreferrer')
      // An application is more than saved: `s` leaves it as it is.
      else if (event.key === 's' && job && !isApplicationState(job.state))
        void setState(job, job.state === 'saved' ? 'seen' : 'saved')
      else if (event.key === 'h' && job) {
        void setState(job, 'hidden')
        select(index + 1)
      } else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [jobs, index, select, setState])

  const isNew = (job: FeedJob) => !!lastVisit && job.state === 'new' && job.firstSeenAt > lastVisit
  const newCount = jobs.filter(isNew).length
  const selectedJob = index >= 0 ? jobs[index]! : undefined

  return (
    <div className="feed">
      <FeedFilters filters={filters} onChange={setFilters} />
      <div className="feed-body">
        <section className="feed-list" aria-label="Jobs">
          <p className="feed-count small muted" aria-live="polite">
            {loading && jobs.length === 0
              ? 'Loading…'
              : `${jobs.length.toLocaleString()}${done ? '' : '+'} ${jobs.length === 1 && done ? 'job' : 'jobs'}${newCount > 0 ? ` · ${newCount} new since your last visit` : ''}`}
            {jobs.length > 0 && <ExportButtons filters={filters} onError={setError} />}
          </p>
          {newCount > 0 && (
            <button
              type="button"
              className="link small"
              onClick={() => {
                void api.call('feed/mark-visited').then(
                  (r) => setLastVisit(r.visitedAt),
                  () => {},
                )
              }}
            >
              Mark all as seen
            </button>
          )}
          {undo && (
            <p role="status" className="banner info small">
              Hidden: {undo.job.title}.{' '}
              <button
                type="button"
                className="link"
                onClick={async () => {
                  const { job, previous } = undo
                  setUndo(null)
                  try {
                    await api.call('jobs/set-state', { id: job.id, state: previous })
                    void load(0)
                  } catch (e) {
                    setError(friendlyError(e))
                  }
                }}
              >
                Undo
              </button>
            </p>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {!loading && jobs.length === 0 && !error && (
            <EmptyFeed filtered={Object.values(query).some((v) => v !== undefined)} />
          )}
          <div
            ref={scroller}
            className="feed-scroll"
            role="listbox"
            aria-label="Job list"
            tabIndex={0}
            // j/k move the selection, not the focus: a screen reader hears which job is selected.
            aria-activedescendant={
              selected !== null && selected !== undefined ? `job-${selected}` : undefined
            }
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const job = jobs[item.index]!
                return (
                  <div
                    key={job.id}
                    id={`job-${job.id}`}
                    role="option"
                    tabIndex={-1}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        setSelected(job.id)
                        openedNew(job)
                      }
                    }}
                    aria-selected={job.id === selected}
                    data-job-id={job.id}
                    className={`job-row${job.id === selected ? ' selected' : ''} state-${job.state}`}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                    }}
                    onClick={() => {
                      setSelected(job.id)
                      openedNew(job)
                    }}
                  >
                    <div className="job-title">
                      {isNew(job) && <span className="badge new">New</span>}
                      {job.state === 'saved' && <span className="badge saved">Saved</span>}
                      {isApplicationState(job.state) && (
                        <span className={`badge applied state-${job.state}`}>{STATE_LABELS[job.state]}</span>
                      )}
                      {job.watched && <span className="badge watched">Watched</span>}
                      {job.closed && <ClosedBadge closed={job.closed} />}
                      <span className="title-text">{job.title}</span>
                      <FitBar job={job} />
                    </div>
                    <div className="job-meta small muted">
                      <span className="where">
                        {[job.company, job.location, job.workArrangement].filter(Boolean).join(' · ')}
                      </span>
                      <span className="when">
                        {job.postedAt
                          ? ago(job.postedAt)
                          : `posted: unknown · first seen ${ago(job.firstSeenAt)}`}
                      </span>
                    </div>
                    <FitReasons job={job} />
                  </div>
                )
              })}
            </div>
          </div>
        </section>
        <JobDetail
          job={selectedJob}
          onState={(state) => selectedJob && setState(selectedJob, state)}
          onWatch={async (watch) => {
            if (!selectedJob?.company) return
            try {
              await api.call(watch ? 'companies/watch' : 'companies/unwatch', { name: selectedJob.company })
              // The watch changes the badge and the score of every job of the company: load them again.
              await load(0)
            } catch (e) {
              setError(friendlyError(e))
            }
          }}
          onCompany={(company) => setFilters((f) => ({ ...f, company }))}
          isNew={selectedJob ? isNew(selectedJob) : false}
        />
      </div>
    </div>
  )
}

/** Export the feed as it is filtered. */
function ExportButtons({ filters, onError }: { filters: Filters; onError(message: string): void }) {
  return (
    <ExportLinks
      onError={onError}
      make={async (format) => {
        const { limit: _limit, offset: _offset, ...query } = toQuery(filters)
        const file = await api.call('feed/export', { ...query, format })
        return {
          file,
          note: `Exported ${file.count.toLocaleString()} job${file.count === 1 ? '' : 's'}${file.truncated ? ' (the first 5,000: job-monitor export takes more)' : ''}.`,
        }
      }}
    />
  )
}

/** The fit score as a small bar; its reasons are the line below and the bar's label. */
export function FitBar({ job }: { job: FeedJob }) {
  if (job.fit === null) return null
  const label = `Fit ${job.fit} of 100${job.fitReasons.length ? `: ${job.fitReasons.join(', ')}` : ''}${
    job.fitMissing.length ? `; missing: ${job.fitMissing.join(', ')}` : ''
  }`
  return (
    <span className="fit" role="img" aria-label={label} title={label}>
      <span className="fit-track">
        <span className="fit-fill" style={{ width: `${job.fit}%` }} />
      </span>
      <span className="fit-number">{job.fit}</span>
    </span>
  )
}

function FitReasons({ job }: { job: FeedJob }) {
  if (job.fitReasons.length === 0 && job.fitMissing.length === 0) return null
  return (
    <div className="fit-reasons small" aria-hidden="true">
      {job.fitReasons.join(' · ')}
      {job.fitMissing.length > 0 && (
        <span className="fit-missing">
          {job.fitReasons.length > 0 ? ' · ' : ''}missing: {job.fitMissing.join(', ')}
        </span>
      )}
    </div>
  )
}

function EmptyFeed({ filtered }: { filtered: boolean }) {
  return (
    <div className="empty">
      {filtered ? (
        <p>No job matches these filters. Loosen them, or clear the search.</p>
      ) : (
        <>
          <p>
            No jobs yet. The backfill fetches a month of jobs for every search in your plan; the daily load
            adds new ones every morning.
          </p>
          <button type="button" onClick={() => go('plan')}>
            See the plan’s progress
          </button>
        </>
      )}
    </div>
  )
}

/** "Closed" (a source listed it expired) or "Probably closed" (none has shown it for a while), with since when. */
export function ClosedBadge({ closed }: { closed: NonNullable<FeedJob['closed']> }) {
  const label =
    closed.reason === 'expired'
      ? `Closed: listed expired on ${formatDate(closed.since)}`
      : `Probably closed: not seen since ${formatDate(closed.since)}`
  return (
    <span className="badge closed" title={label}>
      <span aria-hidden="true">{closed.reason === 'expired' ? 'Closed' : 'Probably closed'}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  )
}
