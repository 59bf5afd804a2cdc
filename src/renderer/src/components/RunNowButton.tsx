import { useState } from 'react'
import type { EventPayload } from '../../../shared/contract'
import { api, friendlyError } from '../api/client'
import { useCall, useEvent } from '../api/hooks'

/**
 * "Run daily load now": disabled while a load runs (here or started from the tray), with live progress,
 * and the result when it ends.
 */
export function RunNowButton({ large = false }: { large?: boolean }) {
  const schedule = useCall('schedule/get', [])
  const [progress, setProgress] = useState<EventPayload<'run/progress'> | null>(null)
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  const [starting, setStarting] = useState(false)
  useEvent('run/progress', (p) => {
    setProgress(p)
    setResult(null)
  })
  useEvent('run/finished', (r) => {
    if (r.kind !== 'daily') return
    setProgress(null)
    setResult({ ok: r.status === 'success' || r.status === 'partial', message: r.message })
    void schedule.reload()
  })
  const running = progress !== null || starting || !!schedule.data?.running

  async function start() {
    setStarting(true)
    setResult(null)
    try {
      const answer = await api.call('daily/run-now')
      if (!answer.started) setResult({ ok: false, message: answer.message })
      await schedule.reload()
    } catch (e) {
      setResult({ ok: false, message: friendlyError(e) })
    } finally {
      setStarting(false)
    }
  }

  return (
    <div className={large ? 'run-now large' : 'run-now'}>
      <button type="button" className="primary" onClick={start} disabled={running}>
        {running ? 'Daily load running…' : 'Run daily load now'}
      </button>
      {progress && (
        <div className="run-progress" aria-live="polite">
          <progress
            max={Math.max(progress.total, 1)}
            value={progress.done}
            aria-label="Daily load progress"
          />
          <span className="small">{progress.message}</span>
        </div>
      )}
      {result && !progress && (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'success small' : 'error small'}>
          {result.message}
        </p>
      )}
    </div>
  )
}
