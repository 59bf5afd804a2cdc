import { useEffect, useState } from 'react'
import type { SystemStatus } from '../../shared/contract/system'
import { api } from './api/client'

type Load =
  | { state: 'loading' }
  | { state: 'ready'; status: SystemStatus }
  | { state: 'error'; message: string }

export function App() {
  const [load, setLoad] = useState<Load>({ state: 'loading' })

  useEffect(() => {
    let live = true
    api.call('system/get-status').then(
      (status) => live && setLoad({ state: 'ready', status }),
      (error: Error) => live && setLoad({ state: 'error', message: error.message }),
    )
    return () => {
      live = false
    }
  }, [])

  return (
    <main className="shell">
      <header className="masthead">
        <h1>Job Monitor</h1>
        <p className="tagline">
          Drop your CV, and every morning at 06:00 the new jobs that fit it are waiting here.
        </p>
      </header>
      <section className="card" aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage</h2>
        {load.state === 'loading' && <p aria-busy="true">Connecting to the database…</p>}
        {load.state === 'error' && (
          <p role="alert" className="error">
            {load.message}
          </p>
        )}
        {load.state === 'ready' && <StatusTable status={load.status} />}
      </section>
    </main>
  )
}

function StatusTable({ status }: { status: SystemStatus }) {
  const { database } = status
  return (
    <dl className="facts" data-testid="system-status">
      <dt>Database</dt>
      <dd>{database.dialect === 'sqlite' ? 'SQLite (this computer)' : 'PostgreSQL (shared)'}</dd>
      <dt>Location</dt>
      <dd className="mono">{database.location}</dd>
      <dt>Schema</dt>
      <dd>
        {database.pending === 0
          ? `up to date (${database.migrations} migrations)`
          : `${database.pending} migrations pending`}
      </dd>
      <dt>Version</dt>
      <dd>
        {status.app} {status.version}
        {status.demo ? ' — demo data' : ''}
      </dd>
    </dl>
  )
}
