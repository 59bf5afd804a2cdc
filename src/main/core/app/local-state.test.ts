import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { testEncryptor } from '../../../../test/helpers/runtime'
import { LocalStore, localSettingsPath } from '../config/local-settings'
import { createFileLogger } from './logger'
import { SecretStore, saveDatabaseUrl, savedDatabaseUrl } from './secrets'

const dirs: string[] = []
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'jm-local-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('the local settings file', () => {
  it('starts from defaults, saves atomically (owner-only), and survives a corrupt file', () => {
    const d = dir()
    const store = new LocalStore(d)
    expect(store.get()).toMatchObject({ userEmail: null, notifications: true, schedulePaused: false })
    store.update({ userEmail: 'a@example.com', schedulePaused: true })
    expect(new LocalStore(d).get()).toMatchObject({ userEmail: 'a@example.com', schedulePaused: true })
    expect(readdirSync(d)).toEqual(['local-settings.json']) // no temporary file left behind
    if (process.platform !== 'win32') expect(statSync(localSettingsPath(d)).mode & 0o077).toBe(0)

    writeFileSync(localSettingsPath(d), '{ half a file')
    expect(new LocalStore(d).get().userEmail).toBeNull()
  })
})

describe('saved keys', () => {
  it('are encrypted on disk and read back; a key sealed elsewhere counts as not saved', () => {
    const d = dir()
    const local = new LocalStore(d)
    const secrets = new SecretStore(local, testEncryptor)
    secrets.set('anthropic', '  sk-ant-secret  ')
    expect(readFileSync(localSettingsPath(d), 'utf8')).not.toContain('sk-ant-secret')
    expect(new SecretStore(new LocalStore(d), testEncryptor).get('anthropic')).toBe('sk-ant-secret')

    local.update({ encryptedKeys: { jsearch: Buffer.from('from another keyring').toString('base64') } })
    expect(secrets.get('jsearch')).toBeUndefined()
    secrets.set('jsearch', '')
    expect(local.get().encryptedKeys).toEqual({})
  })

  it('cannot be saved without the OS key store, and say where keys go instead', () => {
    const secrets = new SecretStore(new LocalStore(dir()), undefined)
    expect(secrets.canStore).toBe(false)
    expect(() => secrets.set('jsearch', 'k')).toThrow(
      /set JSEARCH_API_KEY, ACTIVEJOBS_API_KEY or ANTHROPIC_API_KEY/,
    )
    const unavailable = new SecretStore(new LocalStore(dir()), {
      ...testEncryptor,
      isEncryptionAvailable: () => false,
    })
    expect(() => unavailable.set('jsearch', 'k')).toThrow(/cannot store keys encrypted/)
  })
})

describe('the log', () => {
  it('rotates by size and keeps a bounded number of files', async () => {
    const d = dir()
    const log = createFileLogger(d, { size: '1K', maxFiles: 2 })
    const failure = new Error('disk on fire')
    for (let i = 0; i < 60; i++) {
      log.info(`line ${i} ${'x'.repeat(80)}`)
      // rotating-file-stream checks the size as it writes; give it the chance to rotate.
      await new Promise((resolve) => setImmediate(resolve))
    }
    log.error('Daily load failed.', failure)
    await log.close()
    // The current file, the rotated ones (at most maxFiles), and the rotation's own history list.
    const files = readdirSync(join(d, 'logs')).filter((f) => f.endsWith('.log'))
    expect(files).toContain('job-monitor.log')
    const rotated = files.filter((f) => f !== 'job-monitor.log')
    expect(rotated.length).toBeGreaterThan(0)
    expect(rotated.length).toBeLessThanOrEqual(2)
    const all = files.map((f) => readFileSync(join(d, 'logs', f), 'utf8')).join('')
    expect(all).toMatch(/ERROR Daily load failed\. Error: disk on fire\n {4}at /)
  })
})

describe('the database chosen in Settings', () => {
  const url = 'postgres://jobs:s3cr%40t@db.example.org:5432/household'

  it('keeps its password encrypted beside the keys, never in the settings file, and opens with it', () => {
    const d = dir()
    const local = new LocalStore(d)
    const secrets = new SecretStore(local, testEncryptor)
    saveDatabaseUrl(local, secrets, url)
    const file = readFileSync(localSettingsPath(d), 'utf8')
    expect(file).not.toContain('s3cr')
    expect(file).toContain('postgres://jobs@db.example.org:5432/household')
    expect(savedDatabaseUrl(new LocalStore(d), new SecretStore(new LocalStore(d), testEncryptor))).toBe(url)
    saveDatabaseUrl(local, secrets, null)
    expect(local.get()).toMatchObject({ databaseUrl: null, encryptedKeys: {} })
  })

  it('is refused with a password where nothing can be encrypted, and taken without one', () => {
    const local = new LocalStore(dir())
    const secrets = new SecretStore(local, undefined)
    expect(() => saveDatabaseUrl(local, secrets, url)).toThrow(
      /cannot store the database password encrypted here: put the URL in DATABASE_URL/,
    )
    expect(local.get().databaseUrl).toBeNull()
    saveDatabaseUrl(local, secrets, 'postgres://jobs@db.example.org/household')
    expect(savedDatabaseUrl(local, secrets)).toBe('postgres://jobs@db.example.org/household')
  })

  it('moves a password an older version saved in the URL into the encrypted store', () => {
    const d = dir()
    writeFileSync(localSettingsPath(d), JSON.stringify({ databaseUrl: url }))
    const local = new LocalStore(d)
    expect(savedDatabaseUrl(local, new SecretStore(local, testEncryptor))).toBe(url)
    expect(readFileSync(localSettingsPath(d), 'utf8')).not.toContain('s3cr')
  })
})

describe('the files of the data folder', () => {
  // Windows has no file modes: its per-user app-data folder is private by ACL (private-files.ts).
  it.skipIf(process.platform === 'win32')(
    'are its owner’s only: folder 0700, database, log and settings 0600',
    async () => {
      const root = join(dir(), 'Job Monitor')
      const { openAppDatabase } = await import('./app-database')
      const handle = await openAppDatabase({ dataDir: root, databaseUrl: undefined })
      new LocalStore(root).update({ userEmail: 'a@example.com' })
      const log = createFileLogger(root)
      log.info('hello')
      await log.close()
      await handle.close()
      expect(statSync(root).mode & 0o777).toBe(0o700)
      for (const file of [
        'job-monitor.sqlite',
        'local-settings.json',
        'logs/job-monitor.log',
        'known-databases.json',
      ])
        expect(statSync(join(root, file)).mode & 0o777, file).toBe(0o600)
    },
  )
})
