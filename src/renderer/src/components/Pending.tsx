import type { Loaded } from '../api/hooks'

/** What a screen shows before its first answer: "Loading…", or the error in plain words. */
export function Pending({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.state === 'error') {
    return (
      <p role="alert" className="error">
        {loaded.message}
      </p>
    )
  }
  return <p aria-busy="true">Loading…</p>
}
