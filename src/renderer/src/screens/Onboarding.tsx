import { useCall } from '../api/hooks'
import { CvImport } from '../components/CvImport'
import { DemoSwitch } from '../components/DemoSwitch'
import { KeysForm } from '../components/KeysForm'
import { StorageForm } from '../components/StorageForm'

/**
 * The first run: what the app does, the CV that starts it all, the keys (each optional, each testable) and
 * where the data lives. Done when the CV's plan is saved.
 */
export function Onboarding({ onDone, dropped }: { onDone(): void; dropped: File | null }) {
  const settings = useCall('settings/get', [])
  return (
    <main className="onboarding">
      <header className="masthead">
        <h1>Job Monitor</h1>
        <p className="tagline">
          Drop your CV, and every morning at 06:00 the new jobs that fit it are waiting here. Searches are
          shared with everyone on your database, so nobody pays twice for the same search.
        </p>
      </header>

      {/* The CV first: it is what starts everything, and it is in view on a laptop's first screen. */}
      <section className="card" aria-labelledby="cv-heading">
        <h2 id="cv-heading">
          <span className="step-number">1</span> Your CV
        </h2>
        {/* One import form for the whole first run: a file dropped on the window keeps the email typed. */}
        <CvImport needsEmail file={dropped ?? undefined} onImported={onDone} />
      </section>
      <section className="card demo-offer" aria-labelledby="demo-heading">
        <h2 id="demo-heading">Just looking?</h2>
        <p className="muted">
          Try Job Monitor with demo data: two people's plans, a month of jobs and the quota they used, all
          made up and offline, in a database of its own. No key needed.
        </p>
        <DemoSwitch demo label="Try with demo data" />
      </section>

      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">
          <span className="step-number">2</span> Job sources
        </h2>
        <p className="muted">
          Each key is optional; a source without one is off. You can add them later in Settings.
        </p>
        {settings.data ? (
          <KeysForm settings={settings.data} onSaved={() => void settings.reload()} />
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </section>

      <section className="card" aria-labelledby="storage-heading">
        <h2 id="storage-heading">
          <span className="step-number">3</span> Where your data lives
        </h2>
        {settings.data ? (
          <StorageForm settings={settings.data} onSaved={() => void settings.reload()} />
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </section>
    </main>
  )
}
