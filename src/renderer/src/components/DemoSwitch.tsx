import { useState } from 'react'
import { api, friendlyError } from '../api/client'

/**
 * Into or out of the demo: the desktop app restarts on the other data set; the headless server says how
 * to start it that way.
 */
export function DemoSwitch({ demo, label }: { demo: boolean; label: string }) {
  const [message, setMessage] = useState<string | null>(null)
  return (
    <span className="demo-switch">
      <button
        type="button"
        onClick={async () => {
          try {
            const answer = await api.call('system/switch-demo', { demo })
            setMessage(answer.message)
          } catch (e) {
            setMessage(friendlyError(e))
          }
        }}
      >
        {label}
      </button>
      {message && (
        <span role="status" className="small">
          {' '}
          {message}
        </span>
      )}
    </span>
  )
}

/** Across the top of every screen in demo mode: nothing here is real. */
export function DemoBanner() {
  return (
    <p className="banner demo" role="note">
      <strong>Demo data</strong> — the people, plans, jobs and quota here are made up, and no API is called.{' '}
      <DemoSwitch demo={false} label="Leave the demo" />
    </p>
  )
}
