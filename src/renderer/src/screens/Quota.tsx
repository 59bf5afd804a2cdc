import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { QuotaSummary } from '../../../shared/contract/quota'
import { SOURCE_NAMES } from '../../../shared/domain'
import { useCall, useEvent } from '../api/hooks'
import { Pending } from '../components/Pending'
import { WhatIfPanel } from '../components/WhatIf'
import { formatDate } from '../lib/format'

type SourceQuota = QuotaSummary['sources'][number]

/**
 * Per source: daily use (requests and billed jobs) over the period with the plan's limit and the
 * projection to the period's end; what is left and when it resets; what sharing and batching saved;
 * a warning when the projection goes over the plan.
 */
export function QuotaScreen() {
  const quota = useCall('quota/get-summary', [])
  useEvent('quota/changed', () => void quota.reload())
  if (!quota.data) return <Pending loaded={quota} />
  const { sources, callsSavedBySharing, callsSavedByBatching, requestsVsEarlier, savings, claude } =
    quota.data
  return (
    <div className="quota">
      {sources
        .filter((s) => s.enabled && s.verdictKind === 'short')
        .map((s) => (
          <p key={s.source} role="alert" className="banner warning">
            {SOURCE_NAMES[s.source]} is {s.verdict}. {s.plan.advice}
          </p>
        ))}
      <div className="quota-grid">
        {sources.map((s) => (
          <SourceCard key={s.source} quota={s} />
        ))}
      </div>
      <PlanOfCalls sources={sources.filter((s) => s.enabled)} />
      <section className="card" aria-labelledby="claude-quota-heading">
        <h2 id="claude-quota-heading">Claude’s second opinions</h2>
        <p>
          {claude.enabled ? `On, at most ${claude.perDay} a day. ` : 'Off (Settings → Fit and salary). '}
          This month: <strong>{claude.opinions.toLocaleString()}</strong>{' '}
          {claude.opinions === 1 ? 'opinion' : 'opinions'},{' '}
          <strong>{(claude.inputTokens + claude.outputTokens).toLocaleString()}</strong> tokens (
          {claude.inputTokens.toLocaleString()} in, {claude.outputTokens.toLocaleString()} out).
        </p>
      </section>
      <WhatIfPanel />
      <section className="card" aria-labelledby="savings-heading">
        <h2 id="savings-heading">Saved by sharing, batching and planning</h2>
        <p>
          This period, people sharing searches saved <strong>{callsSavedBySharing.toLocaleString()}</strong>{' '}
          calls, and asking many searches in one Active Jobs DB call saved{' '}
          <strong>{callsSavedByBatching.toLocaleString()}</strong>. The daily loads billed{' '}
          <strong>{requestsVsEarlier.ours.toLocaleString()}</strong> requests where the earlier service — one
          call per distinct search and source, every day — would have billed{' '}
          <strong>{requestsVsEarlier.earlier.toLocaleString()}</strong>.
        </p>
        {savings.length > 0 ? (
          <table className="small">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Source</th>
                <th scope="col">Saved by sharing</th>
                <th scope="col">Saved by batching</th>
                <th scope="col">Requests billed</th>
                <th scope="col">Earlier service</th>
              </tr>
            </thead>
            <tbody>
              {savings.map((d) => (
                <tr key={`${d.date}-${d.source}`}>
                  <td>{formatDate(d.date)}</td>
                  <td>{SOURCE_NAMES[d.source]}</td>
                  <td>{d.bySharing}</td>
                  <td>{d.byBatching}</td>
                  <td>{d.requests}</td>
                  <td>{d.earlierRequests}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No daily load this period yet.</p>
        )}
      </section>
    </div>
  )
}

/** Today's plan of calls: per combination the window, pages, cost and why; what waits, and until when. */
function PlanOfCalls({ sources }: { sources: SourceQuota[] }) {
  return (
    <section className="card" aria-labelledby="plan-calls-heading">
      <h2 id="plan-calls-heading">Today's plan of calls</h2>
      <p className="muted small">
        Before each load the app plans its calls so every source stays inside its plan: quiet searches are
        asked every few days with one page, busy ones with ten pages for the price of two, priority 8 and up
        every day. The same plan is printed by <code>job-monitor plan-calls</code>.
      </p>
      {sources.length === 0 && <p className="muted">No source is on: add a key in Settings.</p>}
      {sources.map((s) => {
        const p = s.plan
        const unit = s.unit === 'requests' ? 'requests' : 'jobs'
        return (
          <div key={s.source} className="plan-calls">
            <h3>{SOURCE_NAMES[s.source]}</h3>
            <p className="small">
              Today may spend {p.budgetToday.toLocaleString()} {unit}; the plan spends{' '}
              {p.cost.toLocaleString()}. About {p.perDay.toLocaleString()} {unit} a day under it (
              {p.neededPerDay.toLocaleString()} for everything on time).
            </p>
            {p.calls.length > 0 ? (
              <table className="small" aria-label={`${SOURCE_NAMES[s.source]}: asked today`}>
                <thead>
                  <tr>
                    <th scope="col">Search</th>
                    <th scope="col">Window</th>
                    <th scope="col">Pages</th>
                    <th scope="col">Cost</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {p.calls.map((c) => (
                    <tr key={c.label}>
                      <td>{c.label}</td>
                      <td>{c.window}</td>
                      <td>{c.pages}</td>
                      <td>
                        {Math.round(c.cost * 10) / 10} {unit}
                      </td>
                      <td>{c.why}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted small">Nothing is asked today.</p>
            )}
            {p.waiting.length > 0 && (
              <table className="small" aria-label={`${SOURCE_NAMES[s.source]}: waiting`}>
                <thead>
                  <tr>
                    <th scope="col">Waiting</th>
                    <th scope="col">Next on</th>
                    <th scope="col">Late</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {p.waiting.map((w) => (
                    <tr key={w.label} className={w.daysLate > 0 ? 'late' : undefined}>
                      <td>{w.label}</td>
                      <td>{formatDate(w.dueOn)}</td>
                      <td>
                        {w.daysLate > 0 ? `${w.daysLate} day${w.daysLate === 1 ? '' : 's'}` : 'on time'}
                      </td>
                      <td>{w.why}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {p.advice && (
              <p role="note" className="small warning">
                {p.advice}
              </p>
            )}
          </div>
        )
      })}
    </section>
  )
}

function SourceCard({ quota }: { quota: SourceQuota }) {
  const data = chartData(quota)
  const name = SOURCE_NAMES[quota.source]
  return (
    <section className="card source-quota" aria-label={`${name} quota`}>
      <header className="source-head">
        <h2>{name}</h2>
        <span className={`badge ${quota.enabled ? 'ok' : ''}`}>
          {quota.enabled ? 'on' : `off — ${quota.off ?? 'no key'}`}
        </span>
      </header>
      <p className="quota-figures">
        <strong>{quota.remaining.toLocaleString()}</strong>
        {` of ${quota.limit.toLocaleString()} ${quota.unit} left, resets ${formatDate(quota.periodEnd)}. `}
        {`Used ${quota.used.toLocaleString()}; projected ${quota.projectedMonthly.toLocaleString()} by then — ${quota.verdict}.`}
      </p>
      <ul className="quota-notes small muted">
        {quota.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <div
        className="chart"
        role="img"
        aria-label={`${name}: daily use against the plan of ${quota.limit.toLocaleString()} ${quota.unit}; the projection reaches ${Math.round(data.at(-1)?.projected ?? quota.used).toLocaleString()} at the reset`}
      >
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="label"
              tick={{ fontSize: 11, fill: 'var(--muted)' }}
              interval="preserveStartEnd"
            />
            <YAxis yAxisId="day" tick={{ fontSize: 11, fill: 'var(--muted)' }} width={40} />
            <YAxis
              yAxisId="total"
              orientation="right"
              tick={{ fontSize: 11, fill: 'var(--muted)' }}
              width={52}
              domain={[
                0,
                Math.ceil(Math.max(quota.limit, ...data.map((d) => d.projected ?? d.used ?? 0)) * 1.05),
              ]}
            />
            <Tooltip contentStyle={{ background: 'var(--card)', border: '1px solid var(--border)' }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="day"
              dataKey="requests"
              name="requests / day"
              fill="var(--accent)"
              isAnimationActive={false}
            />
            {quota.source === 'activejobs' && (
              <Bar
                yAxisId="day"
                dataKey="jobs"
                name="billed jobs / day"
                fill="var(--accent-2)"
                isAnimationActive={false}
              />
            )}
            <Line
              yAxisId="total"
              dataKey="used"
              name={`${quota.unit} used`}
              stroke="var(--text)"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="total"
              dataKey="projected"
              name="projection"
              stroke="var(--warning)"
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
            />
            <ReferenceLine
              yAxisId="total"
              y={quota.limit}
              stroke="var(--error)"
              strokeDasharray="2 2"
              label={{ value: 'plan', fontSize: 11, fill: 'var(--error)' }}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </section>
  )
}

/**
 * Every day of the period: what was used that day, the running total, and the projection after today — a
 * straight line from what the card says is used today to what it says is projected at the reset, so the
 * chart, the card and *What if…* show one figure.
 */
function chartData(quota: SourceQuota) {
  const start = new Date(`${quota.periodStart.slice(0, 10)}T00:00:00Z`)
  const end = new Date(quota.periodEnd)
  const today = new Date().toISOString().slice(0, 10)
  const byDay = new Map(quota.daily.map((d) => [d.date, d]))
  const days: string[] = []
  for (let t = start.getTime(); t < end.getTime(); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10))
  const futureDays = days.filter((d) => d > today).length
  const perDay = Math.max(0, quota.projectedMonthly - quota.used) / Math.max(1, futureDays)
  const rows: Array<{ label: string; requests?: number; jobs?: number; used?: number; projected?: number }> =
    []
  let used = 0
  let ahead = 0
  for (const date of days) {
    const day = byDay.get(date)
    const label = date.slice(5)
    if (date <= today) {
      used += quota.unit === 'jobs' ? (day?.jobs ?? 0) : (day?.requests ?? 0)
      rows.push({
        label,
        requests: day?.requests ?? 0,
        jobs: day?.jobs ?? 0,
        used,
        projected: date === today ? quota.used : undefined,
      })
    } else {
      ahead += 1
      const projected = ahead === futureDays ? quota.projectedMonthly : quota.used + perDay * ahead
      rows.push({ label, projected: Number(projected.toFixed(1)) })
    }
  }
  return rows
}
