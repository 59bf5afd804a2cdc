import type { LocalStore } from '../config/local-settings'
import { UserError } from '../errors'

/** What Electron's `safeStorage` offers; the desktop shell passes it in, the headless server has none. */
export interface Encryptor {
  isEncryptionAvailable(): boolean
  /** Why it is not, when the platform knows (a Linux without a keyring). */
  unavailableReason?(): string | undefined
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

export const KEY_NAMES = ['jsearch', 'activejobs', 'anthropic'] as const
export type KeyName = (typeof KEY_NAMES)[number]

/**
 * API keys typed into the app, stored encrypted by the operating system's key store (Keychain, DPAPI,
 * libsecret) and never as text on disk. Without an encryptor keys can only come from the environment.
 */
export class SecretStore {
  constructor(
    private readonly local: LocalStore,
    private readonly encryptor: Encryptor | undefined,
  ) {}

  /** Why keys cannot be stored here, when the platform says. */
  get unavailableReason(): string | undefined {
    return this.encryptor?.unavailableReason?.()
  }

  get canStore(): boolean {
    return !!this.encryptor?.isEncryptionAvailable()
  }

  get(name: KeyName): string | undefined {
    return this.getSecret(name)
  }

  /** Any secret by name: the keys, and the database password. */
  getSecret(name: string): string | undefined {
    const stored = this.local.get().encryptedKeys[name]
    if (!stored || !this.canStore) return undefined
    try {
      return this.encryptor!.decryptString(Buffer.from(stored, 'base64'))
    } catch {
      // Encrypted under another OS account or keyring: as good as not saved.
      return undefined
    }
  }

  has(name: KeyName): boolean {
    return this.get(name) !== undefined
  }

  /** Saves a key, or removes it when the value is empty. */
  set(name: KeyName, value: string | null | undefined): void {
    this.setSecret(name, value)
  }

  setSecret(name: string, value: string | null | undefined): void {
    const keys = { ...this.local.get().encryptedKeys }
    const plain = value?.trim()
    if (!plain) {
      delete keys[name]
    } else {
      if (!this.canStore) {
        throw new UserError(
          'This app cannot store keys encrypted here: set JSEARCH_API_KEY, ACTIVEJOBS_API_KEY or ANTHROPIC_API_KEY in the environment or in .env instead.',
          'settings.keys-unavailable',
        )
      }
      keys[name] = this.encryptor!.encryptString(plain).toString('base64')
    }
    this.local.update({ encryptedKeys: keys })
  }
}

/** Where the password of the saved database URL is kept: encrypted like the keys, never in the URL. */
export const DATABASE_PASSWORD = 'database-password'

/** A PostgreSQL URL's password, and the URL without it; other URLs have none. */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  if (!/^postgres(ql)?:\/\//i.test(url.trim())) return { url, password: undefined }
  try {
    const parsed = new URL(url.trim())
    if (!parsed.password) return { url, password: undefined }
    const password = decodeURIComponent(parsed.password)
    parsed.password = ''
    return { url: parsed.toString(), password }
  } catch {
    return { url, password: undefined }
  }
}

/**
 * Saves the database chosen in Settings: the URL in this machine's settings, its password encrypted
 * beside the keys. Where nothing can be encrypted, a URL with a password is refused with what to do.
 */
export function saveDatabaseUrl(local: LocalStore, secrets: SecretStore, url: string | null): void {
  if (!url) {
    secrets.setSecret(DATABASE_PASSWORD, null)
    local.update({ databaseUrl: null })
    return
  }
  const { url: bare, password } = splitPassword(url)
  if (password !== undefined && !secrets.canStore) {
    throw new UserError(
      'This app cannot store the database password encrypted here: put the URL in DATABASE_URL (the environment or .env) instead.',
      'settings.db-password',
    )
  }
  secrets.setSecret(DATABASE_PASSWORD, password ?? null)
  local.update({ databaseUrl: bare })
}

/**
 * The database URL saved in Settings, with its password put back; undefined when none is saved. A URL an
 * older version saved with its password in it is moved to the new way once encryption is there.
 */
export function savedDatabaseUrl(local: LocalStore, secrets: SecretStore): string | undefined {
  const saved = local.get().databaseUrl
  if (!saved) return undefined
  const { password: inline } = splitPassword(saved)
  if (inline !== undefined) {
    if (secrets.canStore) saveDatabaseUrl(local, secrets, saved)
    return saved
  }
  const password = secrets.getSecret(DATABASE_PASSWORD)
  if (password === undefined) return saved
  const parsed = new URL(saved)
  parsed.password = encodeURIComponent(password)
  return parsed.toString()
}
