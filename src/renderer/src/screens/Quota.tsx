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
  const { sources, callsSavedBySharing, callsSavedByBatching, savings } = quota.data
  return (
    <div className="quota">
      {sources
        .filter((s) => s.enabled && s.projectedMonthly > s.limit)
        .map((s) => (
          <p key={s.source} role="alert" className="banner warning">
            {SOURCE_NAMES[s.source]}: at this rate you will use {s.projectedMonthly.toLocaleString()} {s.unit}{' '}
            this month, more than the plan's {s.limit.toLocaleString()} — {s.verdict}. Lower priorities or
            pause rows in the plan.
          </p>
        ))}
      <div className="quota-grid">
        {sources.map((s) => (
          <SourceCard key={s.source} quota={s} />
        ))}
      </div>
      <WhatIfPanel />
      <section className="card" aria-labelledby="savings-heading">
        <h2 id="savings-heading">Saved by sharing and batching</h2>
        <p>
          This period, the daily loads made <strong>{callsSavedBySharing.toLocaleString()}</strong> fewer
          calls because people share searches, and <strong>{callsSavedByBatching.toLocaleString()}</strong>{' '}
          fewer Active Jobs DB calls by asking for many searches in one.
        </p>
        {savings.length > 0 ? (
          <table className="small">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Calls saved by sharing</th>
                <th scope="col">Calls saved by batching</th>
              </tr>
            </thead>
            <tbody>
              {savings.map((d) => (
                <tr key={d.date}>
                  <td>{formatDate(d.date)}</td>
                  <td>{d.bySharing}</td>
                  <td>{d.byBatching}</td>
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

function SourceCard({ quota }: { quota: SourceQuota }) {
  const data = chartData(quota)
  const name = SOURCE_NAMES[quota.source]
  return (
    <section className="card source-quota" aria-label={`${name} quota`}>
      <header className="source-head">
        <h2>{name}</h2>
        <span className={`badge ${quota.enabled ? 'ok' : ''}`}>{quota.enabled ? 'on' : 'off — no key'}</span>
      </header>
      <p className="quota-figures">
        <strong>{quota.remaining.toLocaleString()}</strong>
        {` of ${quota.limit.toLocaleString()} ${quota.unit} left${quota.resetAt ? `, resets ${formatDate(quota.resetAt)}` : ''}. `}
        {`Used ${quota.used.toLocaleString()}; projected ${quota.projectedMonthly.toLocaleString()} this month — ${quota.verdict}.`}
      </p>
      <div
        className="chart"
        role="img"
        aria-label={`${name}: daily use against the plan of ${quota.limit} ${quota.unit}`}
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

/** Every day of the period: what was used that day, the running total, and the projection after today. */
function chartData(quota: SourceQuota) {
  const start = new Date(`${quota.periodStart.slice(0, 10)}T00:00:00Z`)
  const end = quota.resetAt ? new Date(quota.resetAt) : new Date(start.getTime() + 30 * 86_400_000)
  const today = new Date().toISOString().slice(0, 10)
  const byDay = new Map(quota.daily.map((d) => [d.date, d]))
  const perDay = quota.projectedMonthly / 30
  const rows: Array<{ label: string; requests?: number; jobs?: number; used?: number; projected?: number }> =
    []
  let used = 0
  let projected: number | undefined
  for (let t = start.getTime(); t < end.getTime(); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10)
    const day = byDay.get(date)
    const label = date.slice(5)
    if (date <= today) {
      used += quota.unit === 'jobs' ? (day?.jobs ?? 0) : (day?.requests ?? 0)
      rows.push({
        label,
        requests: day?.requests ?? 0,
        jobs: day?.jobs ?? 0,
        used,
        projected: date === today ? used : undefined,
      })
      if (date === today) projected = used
    } else {
      projected = (projected ?? used) + perDay
      rows.push({ label, projected: Number(projected.toFixed(1)) })
    }
  }
  return rows
}
