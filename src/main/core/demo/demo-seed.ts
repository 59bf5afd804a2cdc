import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { SOURCES } from '../../../shared/domain'
import { runBackfill } from '../backfill/backfill'
import type { Clock } from '../clock'
import { LocalStore, readLocalSettings } from '../config/local-settings'
import { importCv } from '../cv/import-cv'
import { runDailyLoad } from '../daily/daily-load'
import type { DbHandle } from '../db/open'
import { ledgerWriter } from '../quota/ledger'
import { addQueries } from '../repos/queries-repo'
import { getSetting, setSetting } from '../repos/settings-repo'
import { upsertUser } from '../repos/users-repo'
import { demoCvPath } from './demo-data'
import { DemoSource } from './demo-source'

export const DEMO_EPOCH_SETTING = 'demo.epoch'
export const DEMO_EMAIL = 'ada@demo.jobmonitor.example'

/** When the demo database was made; its jobs' posting times count back from then. */
export async function demoEpoch(handle: DbHandle): Promise<Date | undefined> {
  const iso = await getSetting(handle.db, DEMO_EPOCH_SETTING, z.string(), '')
  return iso ? new Date(iso) : undefined
}

/**
 * Fills a new demo database so that every screen has something to show: Ada (the sample CV) and Sam, whose
 * plans overlap; a backfill and a daily load made twelve hours ago. The jobs posted since then are left for
 * "Run daily load now" to find. Runs once per demo database.
 */
export async function ensureDemoData(handle: DbHandle, dataDir: string, clock: Clock): Promise<Date> {
  const known = await demoEpoch(handle)
  if (known) return known
  const epoch = clock()
  const earlier = () => new Date(epoch.getTime() - 12 * 3_600_000)
  const sourcesFor = (runId: number | null) =>
    SOURCES.map((id) => new DemoSource(id, { clock: earlier, epoch, onCall: ledgerWriter(handle.db, runId) }))

  await importCv(
    handle.db,
    {
      bytes: readFileSync(demoCvPath()),
      fileName: 'sample-cv.txt',
      email: DEMO_EMAIL,
      name: 'Ada Lovelace (demo)',
    },
    { clock: earlier, sources: SOURCES },
  )
  const sam = await upsertUser(
    handle.db,
    { email: 'sam@demo.jobmonitor.example', name: 'Sam (demo)' },
    earlier,
  )
  await addQueries(
    handle.db,
    sam.id,
    [
      { title: 'Senior Data Scientist', location: 'Berlin' },
      { title: 'Data Engineer', location: 'Berlin' },
      { title: 'Data Engineer', location: 'Hamburg' },
    ],
    earlier,
  )
  await runBackfill({ db: handle.db, clock: earlier, sourceIds: SOURCES, sourcesFor, trigger: 'demo' })
  // The morning's load, six hours after the backfill: everything asked, as "Run daily load now" would.
  const morning = () => new Date(epoch.getTime() - 6 * 3_600_000)
  await runDailyLoad({
    db: handle.db,
    clock: morning,
    sourceIds: SOURCES,
    sourcesFor: (runId) =>
      SOURCES.map(
        (id) => new DemoSource(id, { clock: morning, epoch, onCall: ledgerWriter(handle.db, runId) }),
      ),
    trigger: 'demo',
    askAll: true,
  })
  await setSetting(handle.db, DEMO_EPOCH_SETTING, epoch.toISOString(), clock)
  if (!readLocalSettings(dataDir).userEmail) new LocalStore(dataDir).update({ userEmail: DEMO_EMAIL })
  return epoch
}
