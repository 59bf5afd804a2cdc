import { useState } from 'react'
import type { Run } from '../../../shared/contract/runs'
import { type DailyReport, expiredLine } from '../../../shared/daily-report'
import { SOURCE_NAMES } from '../../../shared/domain'
import { api } from '../api/client'
import { useCall, useEvent } from '../api/hooks'
import { RunNowButton } from '../components/RunNowButton'
import { formatDate, formatDateTime } from '../lib/format'

/** Backfills and daily loads with their reports; the Run-now button; the schedule with pause/resume. */
export function RunsScreen() {
  const runs = useCall('runs/list', [{ limit: 50 }])
  const schedule = useCall('schedule/get', [])
  useEvent('run/finished', () => void runs.reload())
  useEvent('backfill/progress', (p) => {
    if (p.phase === 'finished' || p.phase === 'error') void runs.reload()
  })
  useEvent('schedule/changed', () => void schedule.reload())

  const s = schedule.data
  return (
    <div className="runs">
      <section className="card run-panel" aria-label="Daily load">
        <RunNowButton large />
        {s && (
          <div className="schedule">
            <p>
              {s.paused ? (
                <>The daily schedule is paused.</>
              ) : (
                <>
                  Next daily load: <strong>{formatDateTime(s.nextRunAt, s.timezone)}</strong> ({s.timezone})
                </>
              )}
            </p>
            <button
              type="button"
              onClick={async () => {
                await api.call(s.paused ? 'schedule/resume' : 'schedule/pause')
                await schedule.reload()
              }}
            >
              {s.paused ? 'Resume daily schedule' : 'Pause daily schedule'}
            </button>
          </div>
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {runs.data?.runs.length === 0 && (
          <div className="empty">
            <p>
              No runs yet. A backfill starts when you import a CV; the daily load runs every morning, or now
              with the button above.
            </p>
          </div>
        )}
        <ul className="run-list">
          {runs.data?.runs.map((run) => (
            <RunItem key={run.id} run={run} />
          ))}
        </ul>
      </section>
    </div>
  )
}

const TRIGGERS: Record<string, string> = {
  manual: 'run now',
  tray: 'from the tray',
  schedule: 'scheduled',
  'catch-up': 'catch-up after a missed morning',
  cli: 'command line',
  'cv-import': 'after a CV import',
  'plan-edit': 'after a plan change',
  retry: 'retry',
  settings: 'after a new key',
}

/** What the run's alerts did: "Alerts: 2 sent, 1 failed (ntfy: … HTTP 500), sent again after the next load." */
function AlertsLine({ alerts }: { alerts: Run['alerts'] }) {
  const { sent, failed, held, errors } = alerts
  if (sent + failed + held === 0) return null
  const parts = [
    sent ? `${sent} sent` : null,
    held ? `${held} waiting (quiet hours)` : null,
    failed ? `${failed} failed` : null,
  ].filter(Boolean)
  return (
    <p className={failed ? 'error small' : 'small muted'} role={failed ? 'alert' : undefined}>
      Alerts: {parts.join(', ')}
      {failed ? ` (${errors.slice(0, 2).join('; ')}); each is tried again after the next load.` : '.'}
    </p>
  )
}

function RunItem({ run }: { run: Run }) {
  const [open, setOpen] = useState(run.status === 'failed' || run.status === 'interrupted')
  // Recorded by this app's daily load and read by the contract's schema (shared/daily-report.ts).
  const report = run.report
  return (
    <li className={`run status-${run.status}`}>
      <button type="button" className="run-summary" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="run-kind">{run.kind === 'daily' ? 'Daily load' : 'Backfill'}</span>
        <span className={`badge ${run.status}`}>{run.status}</span>
        <span className="small muted">
          {formatDateTime(run.startedAt)} · {TRIGGERS[run.trigger] ?? run.trigger}
        </span>
        <span className="spacer" />
        <span className="small">
          {run.jobsNew} new of {run.jobsFetched} · {run.requests} requests
        </span>
      </button>
      {open && (
        <div className="run-details">
          {run.error && (
            <p role="alert" className="error">
              {run.error}
            </p>
          )}
          <AlertsLine alerts={run.alerts} />
          {run.kind === 'daily' && report && <DailyReportView report={report} />}
          {run.kind === 'backfill' && (
            <p className="small muted">
              Fetched about a month of past jobs for the combinations no one had fetched yet.
            </p>
          )}
        </div>
      )}
    </li>
  )
}

function DailyReportView({ report }: { report: DailyReport }) {
  return (
    <div className="report small">
      <p>
        {report.totalQueryRows ?? 0} plan rows → {report.uniqueCombinations ?? 0} unique combinations:{' '}
        {report.callsSavedBySharing ?? 0} API calls saved by sharing ({report.callsSavedPercent ?? 0}%).
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Combinations</th>
            <th scope="col">Calls</th>
            <th scope="col">Billed</th>
            <th scope="col">Jobs</th>
            <th scope="col">Quota this period</th>
          </tr>
        </thead>
        <tbody>
          {report.sources?.map((s) => (
            <tr key={s.source}>
              <th scope="row">{SOURCE_NAMES[s.source] ?? s.source}</th>
              <td>{s.combinations}</td>
              <td>{s.calls}</td>
              <td>
                {s.billedRequests} requests{s.source === 'activejobs' ? `, ${s.billedJobs} jobs` : ''}
              </td>
              <td>{s.jobsFetched}</td>
              <td>
                {s.quota
                  ? `${s.quota.usedThisPeriod.toLocaleString()} of ${s.quota.limit.toLocaleString()} ${s.quota.unit}; projected ${s.quota.projectedMonthly.toLocaleString()} — ${s.quota.verdict}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.sources?.flatMap((s) =>
        s.failures.map((f) => (
          <p key={`${s.source}-${f.combinations.join()}`} className="error">
            {SOURCE_NAMES[s.source]}: {f.combinations.join(', ')} — {f.reason}
          </p>
        )),
      )}
      <WindowsView sources={report.sources ?? []} />
      {report.sources?.flatMap((s) =>
        s.quotaCheck ? [<p key={`${s.source}-quota`}>{s.quotaCheck}</p>] : [],
      )}
      {report.sources?.flatMap((s) =>
        s.skipped.slice(0, 5).map((k) => (
          <p key={`${s.source}-${k.combination}`} className="muted">
            Skipped {k.combination}: {k.reason}
          </p>
        )),
      )}
      <WaitingView sources={report.sources ?? []} />
      {report.expired && <p>{expiredLine(report.expired)}</p>}
      {report.sources?.flatMap((s) =>
        s.advice
          ? [<p key={`${s.source}-advice`} className="warning">{`${SOURCE_NAMES[s.source]}: ${s.advice}`}</p>]
          : [],
      )}
    </div>
  )
}

/** Per source, the combinations the plan of calls asks on a later day, and when. */
function WaitingView({ sources }: { sources: DailyReport['sources'] }) {
  const rows = sources.flatMap((s) => (s.waiting ?? []).map((w) => ({ source: s.source, w })))
  if (rows.length === 0) return null
  return (
    <table aria-label="Waiting for a later load">
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Combination</th>
          <th scope="col">Next on</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ source, w }) => (
          <tr key={`${source}-${w.combination}`}>
            <th scope="row">{SOURCE_NAMES[source] ?? source}</th>
            <td>{w.combination}</td>
            <td>
              {formatDate(w.dueOn)}
              {w.daysLate > 0 ? ` (${w.daysLate} day${w.daysLate === 1 ? '' : 's'} late)` : ''}
            </td>
            <td>{w.why}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Per source, the window each combination was loaded for (from its own mark), and any gap. */
function WindowsView({ sources }: { sources: DailyReport['sources'] }) {
  const rows = sources.flatMap((s) => (s.windows ?? []).map((w, i) => ({ source: s.source, w, i })))
  if (rows.length === 0) return null
  return (
    <table aria-label="Windows loaded">
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Window</th>
          <th scope="col">Combinations</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ source, w, i }) => (
          <tr key={`${source}-${i}`}>
            <th scope="row">{SOURCE_NAMES[source] ?? source}</th>
            <td>
              {w.how} {formatDateTime(w.from)} until {formatDateTime(w.to)}
              {w.gap && (
                <span className="error">
                  {' '}
                  · gap {formatDateTime(w.gap.from)} – {formatDateTime(w.gap.to)}: older than the source can
                  be asked for
                </span>
              )}
            </td>
            <td>
              {w.combinations.length <= 3
                ? w.combinations.join(', ')
                : `${w.combinations.length} combinations`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
