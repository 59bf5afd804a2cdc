import { lazy, Suspense, useCallback, useRef, useState } from 'react'
import { useCall, useEvent } from './api/hooks'
import { DemoBanner } from './components/DemoSwitch'
import { DropOverlay } from './components/DropOverlay'
import { Modal } from './components/Modal'
import { RunNowButton } from './components/RunNowButton'
import { go, ROUTES, type Route, useRoute } from './lib/route'
import { FeedScreen } from './screens/Feed'

/**
 * The first page (the feed, or the first-run screen) loads with the app; every other screen loads when it is
 * first opened — the charts library with the Quota screen, the CV review with the first dropped file, the
 * first-run screen only on the first run — so the first page's script stays small.
 */
const Onboarding = lazy(() => import('./screens/Onboarding').then((m) => ({ default: m.Onboarding })))
const CvImport = lazy(() => import('./components/CvImport').then((m) => ({ default: m.CvImport })))
const QuotaScreen = lazy(() => import('./screens/Quota').then((m) => ({ default: m.QuotaScreen })))
const PlanScreen = lazy(() => import('./screens/Plan').then((m) => ({ default: m.PlanScreen })))
const RunsScreen = lazy(() => import('./screens/Runs').then((m) => ({ default: m.RunsScreen })))
const ApplicationsScreen = lazy(() =>
  import('./screens/Applications').then((m) => ({ default: m.ApplicationsScreen })),
)
const SettingsScreen = lazy(() => import('./screens/Settings').then((m) => ({ default: m.SettingsScreen })))

const TITLES: Record<Route, string> = {
  feed: 'Jobs',
  applications: 'Applications',
  plan: 'Search plan',
  runs: 'Runs',
  quota: 'Quota',
  settings: 'Settings',
}

export function App() {
  const status = useCall('system/get-status', [])
  const profile = useCall('profile/get', [])
  const route = useRoute()
  const [dropped, setDropped] = useState<File | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  // The import dialog has edits that closing it would lose (the review was changed).
  const importDirty = useRef(false)
  const onFile = useCallback((file: File) => {
    // A new file starts a new import, with nothing edited yet.
    importDirty.current = false
    setDropped(file)
  }, [])
  useEvent('jobs/new', (n) => setNotice(n.message))

  if (profile.state === 'error' && !profile.data) {
    return (
      <main className="shell-center">
        <h1>Job Monitor</h1>
        <p role="alert" className="error">
          {profile.message}
        </p>
        <button type="button" onClick={() => void profile.reload()}>
          Try again
        </button>
      </main>
    )
  }
  if (!profile.data) return <main className="shell-center" aria-busy="true" />

  if (!profile.data.user) {
    return (
      <>
        <DropOverlay onFile={onFile} />
        <Suspense fallback={<main className="shell-center" aria-busy="true" />}>
          <Onboarding
            onDone={() => {
              // The file dropped during first run is imported: it must not open the import dialog again.
              setDropped(null)
              void profile.reload().then(() => go('plan'))
            }}
            dropped={dropped}
          />
        </Suspense>
      </>
    )
  }

  const user = profile.data.user
  return (
    <div className="app">
      <DropOverlay onFile={onFile} />
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          Job Monitor
        </div>
        <ul>
          {ROUTES.map((r) => (
            <li key={r}>
              <a href={`#/${r}`} aria-current={route === r ? 'page' : undefined}>
                {TITLES[r]}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot small muted">
          {status.data?.demo && <p className="badge demo">Demo data</p>}
          <p>{user.name ?? user.email}</p>
          <p data-testid="system-status">
            {status.data
              ? `${status.data.database.dialect === 'sqlite' ? 'SQLite (this computer)' : 'PostgreSQL (shared)'} · v${status.data.version}`
              : ''}
          </p>
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <h1>{TITLES[route]}</h1>
          {route !== 'runs' && <RunNowButton />}
        </header>
        {(status.data?.demo || status.data?.notices.length || notice) && (
          <aside className="notices" aria-label="Notices">
            {status.data?.demo && <DemoBanner />}
            {notice && (
              <p className="banner info" role="status">
                {notice}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setNotice(null)
                    go('feed')
                  }}
                >
                  Show
                </button>
              </p>
            )}
          </aside>
        )}
        <main className="content">
          <Suspense fallback={<p aria-busy="true">Loading…</p>}>
            {route === 'feed' && <FeedScreen />}
            {route === 'plan' && <PlanScreen />}
            {route === 'runs' && <RunsScreen />}
            {route === 'applications' && <ApplicationsScreen />}
            {route === 'quota' && <QuotaScreen />}
            {route === 'settings' && <SettingsScreen desktop={status.data?.mode === 'desktop'} />}
          </Suspense>
        </main>
      </div>
      {dropped && (
        <Modal
          label="Import your CV"
          onClose={() => setDropped(null)}
          confirmClose={() => !importDirty.current || window.confirm('Discard the edits to your profile?')}
        >
          <h2>Import {dropped.name}</h2>
          <Suspense fallback={<p className="muted">Opening the CV reader…</p>}>
            <CvImport
              key={`${dropped.name}-${dropped.lastModified}-${dropped.size}`}
              file={dropped}
              needsEmail={false}
              onCancel={() => setDropped(null)}
              onDirty={(dirty) => {
                importDirty.current = dirty
              }}
              onImported={() => {
                setDropped(null)
                go('plan')
              }}
            />
          </Suspense>
        </Modal>
      )}
    </div>
  )
}
