import type { SecretStoreKind } from '../../../src-preload/contract'

/**
 * Where account passwords and tokens live. Never SQLite, never a log: SQLite only keeps the key
 * (accounts.secret_ref). Implementations: the OS keychain under Node (@napi-rs/keyring),
 * Electron safeStorage in the app (brokered by the main process), or memory only.
 */
export interface SecretStore {
  readonly kind: SecretStoreKind
  /** A sentence for the user when secrets will not survive a restart; null when they will. */
  readonly warning: string | null
  get(key: string): Promise<string | null>
  set(key: string, secret: string): Promise<void>
  delete(key: string): Promise<void>
}

export const MEMORY_ONLY_WARNING =
  'No system keychain is available, so passwords are kept in memory only and must be entered again after a restart.'

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const
  private readonly secrets = new Map<string, string>()
  constructor(readonly warning: string | null = MEMORY_ONLY_WARNING) {}

  async get(key: string): Promise<string | null> {
    return this.secrets.get(key) ?? null
  }
  async set(key: string, secret: string): Promise<void> {
    this.secrets.set(key, secret)
  }
  async delete(key: string): Promise<void> {
    this.secrets.delete(key)
  }
}

/**
 * Secrets supplied for this run only (the CLI's --password-env on a machine without a keychain).
 * Reads fall through to the persistent store first.
 */
export class OverlaySecretStore implements SecretStore {
  private readonly overlay = new Map<string, string>()
  constructor(private readonly inner: SecretStore) {}
  get kind(): SecretStoreKind {
    return this.inner.kind
  }
  get warning(): string | null {
    return this.inner.warning
  }
  provide(key: string, secret: string): void {
    this.overlay.set(key, secret)
  }
  async get(key: string): Promise<string | null> {
    return this.overlay.get(key) ?? (await this.inner.get(key))
  }
  async set(key: string, secret: string): Promise<void> {
    // Kept here only in place of one supplied for this run: a copy kept here of what goes to the
    // keychain would hide what another process stores there later (an OAuth2 sign-in the app
    // renews while a long `rapport sync` runs, whose refresh token the renewal voids).
    if (this.overlay.has(key)) this.overlay.set(key, secret)
    await this.inner.set(key, secret)
  }
  async delete(key: string): Promise<void> {
    this.overlay.delete(key)
    await this.inner.delete(key)
  }
}
