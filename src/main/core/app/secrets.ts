import type { LocalStore } from '../config/local-settings'
import { UserError } from '../errors'

/** What Electron's `safeStorage` offers; the desktop shell passes it in, the headless server has none. */
export interface Encryptor {
  isEncryptionAvailable(): boolean
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

  get canStore(): boolean {
    return !!this.encryptor?.isEncryptionAvailable()
  }

  get(name: KeyName): string | undefined {
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
