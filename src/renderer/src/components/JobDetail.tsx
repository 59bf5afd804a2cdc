import { lazy, Suspense, useEffect, useState } from 'react'
import type { JobDetail as Detail, FeedJob } from '../../../shared/contract/feed'
import {
  APPLICATION_STATES,
  isApplicationState,
  type JobState,
  SOURCE_NAMES,
  STATE_LABELS,
} from '../../../shared/domain'
import { isWebLink } from '../../../shared/links'
import { api } from '../api/client'
import { formatDate, looksLikeHtml, salaryText } from '../lib/format'

/** The sanitizer (DOMPurify) loads with the first HTML description, not with the first page. */
const HtmlDescription = lazy(() => import('./HtmlDescription'))

/**
 * One job in full: company, place, salary, when it was posted and first seen, every source that carried
 * it, the description made safe, and the actions: Apply (in the system browser), Save, Applied, Hide.
 */
const EMPLOYMENT_LABELS: Record<string, string> = {
  'full-time': 'Full-time',
  'part-time': 'Part-time',
  contract: 'Contract',
  temporary: 'Temporary',
  internship: 'Internship',
  other: 'Other',
}

const OPINION_WORDS = { strong: 'a strong fit', possible: 'worth a look', weak: 'a weak fit' } as const

export function JobDetail({
  job,
  isNew,
  onState,
  onWatch,
  onCompany,
}: {
  job: FeedJob | undefined
  isNew: boolean
  onState(state: JobState): void
  /** Puts the job's company on the watchlist (true) or takes it off. */
  onWatch(watch: boolean): void
  /** Shows only this company's jobs in the feed. */
  onCompany?(company: string): void
}) {
  const [detail, setDetail] = useState<Detail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const id = job?.id
  useEffect(() => {
    if (id === undefined) return
    let live = true
    setError(null)
    api.call('jobs/get', { id }).then(
      (d) => live && setDetail(d),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [id])

  if (!job) {
    return (
      <aside className="job-detail empty" aria-label="Job details">
        <p className="muted">
          Select a job to read it. Keys: j / k to move, o to open, s to save, h to hide.
        </p>
      </aside>
    )
  }
  const shown = detail?.id === job.id ? detail : null
  const salary = salaryText(job)
  return (
    <aside className="job-detail" aria-label="Job details">
      <header>
        <h2>{job.title}</h2>
        <p className="company">
          {job.company ?? 'Company not given'}
          {job.watched && <span className="badge watched">Watched</span>}
        </p>
        <p className="muted">
          {[job.location, job.workArrangement ?? (job.isRemote ? 'Remote' : null)]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </header>
      {job.fit !== null && (
        <section className="fit-detail" aria-label="Fit">
          <p>
            <strong>Fit {job.fit} of 100</strong>
            {job.fitReasons.length > 0 && <> — {job.fitReasons.join(' · ')}</>}
          </p>
          {job.fitMissing.length > 0 && (
            <p className="fit-missing small">Missing: {job.fitMissing.join(', ')}</p>
          )}
          {job.opinion && (
            <p className="small">
              <strong>Claude: {OPINION_WORDS[job.opinion.verdict]}</strong> — {job.opinion.reason}
            </p>
          )}
        </section>
      )}
      <dl className="facts small">
        <dt>Salary</dt>
        <dd>{salary ?? 'not given'}</dd>
        <dt>Posted</dt>
        <dd>{job.postedAt ? formatDate(job.postedAt) : 'unknown — the source gives no date'}</dd>
        <dt>First seen</dt>
        <dd>
          {formatDate(job.firstSeenAt)}
          {isNew && <span className="badge new">New since your last visit</span>}
        </dd>
        {job.closed && (
          <>
            <dt>Closed</dt>
            <dd>
              {job.closed.reason === 'expired'
                ? `Active Jobs DB listed it expired (${formatDate(job.closed.since)})`
                : `Probably: no source has shown it since ${formatDate(job.closed.since)}`}
            </dd>
          </>
        )}
        <dt>Seen on</dt>
        <dd>{shown ? [...new Set(shown.postings.map((p) => SOURCE_NAMES[p.source]))].join(', ') : '…'}</dd>
        {shown?.employmentType && (
          <>
            <dt>Type</dt>
            <dd>
              {EMPLOYMENT_LABELS[shown.employmentType] ?? shown.employmentType}
              {shown.employmentTypeText && (
                <span className="muted"> (posted as “{shown.employmentTypeText}”)</span>
              )}
            </dd>
          </>
        )}
      </dl>
      <div className="actions">
        {isWebLink(job.applyUrl) ? (
          <a className="button primary" href={job.applyUrl} target="_blank" rel="noopener noreferrer">
            Apply
          </a>
        ) : (
          <span className="muted small">No link to apply</span>
        )}
        {!isApplicationState(job.state) && (
          <button
            type="button"
            aria-pressed={job.state === 'saved'}
            onClick={() => onState(job.state === 'saved' ? 'seen' : 'saved')}
          >
            {job.state === 'saved' ? 'Saved' : 'Save'}
          </button>
        )}
        {isApplicationState(job.state) ? (
          <label className="application-state">
            Application{' '}
            <select
              value={job.state}
              onChange={(e) => onState(e.target.value === 'none' ? 'seen' : (e.target.value as JobState))}
            >
              {APPLICATION_STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
              <option value="none">Not applied (undo)</option>
            </select>
          </label>
        ) : (
          <button type="button" onClick={() => onState('applied')}>
            Mark applied
          </button>
        )}
        <button type="button" onClick={() => onState(job.state === 'hidden' ? 'seen' : 'hidden')}>
          {job.state === 'hidden' ? 'Unhide' : 'Hide'}
        </button>
        {job.company && (
          <button type="button" aria-pressed={job.watched} onClick={() => onWatch(!job.watched)}>
            {job.watched ? `Watching ${job.company}` : `Watch ${job.company}`}
          </button>
        )}
        {job.company && onCompany && (
          <button type="button" onClick={() => onCompany(job.company!)}>
            Jobs at {job.company}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <Description text={shown?.description ?? null} loading={!shown && !error} />
    </aside>
  )
}

function Description({ text, loading }: { text: string | null; loading: boolean }) {
  if (loading) return <p className="muted">Loading the description…</p>
  if (!text) return <p className="muted">No description.</p>
  if (!looksLikeHtml(text))
    return (
      <div className="description plain" data-testid="description">
        {text}
      </div>
    )
  return (
    <Suspense fallback={<p className="muted">Loading the description…</p>}>
      <HtmlDescription html={text} />
    </Suspense>
  )
}
