import { Entry } from '@napi-rs/keyring'
import type { SecretStore } from './secret-store'
import { MemorySecretStore } from './secret-store'

const SERVICE = 'rapport'

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service) under plain Node. */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'keychain' as const
  readonly warning = null

  async get(key: string): Promise<string | null> {
    return new Entry(SERVICE, key).getPassword() ?? null
  }
  async set(key: string, secret: string): Promise<void> {
    new Entry(SERVICE, key).setPassword(secret)
  }
  async delete(key: string): Promise<void> {
    try {
      new Entry(SERVICE, key).deletePassword()
    } catch {
      // Already gone: deleting is idempotent.
    }
  }
}

/** Probes the keychain once with a throw-away entry; falls back to memory with a warning. */
export function chooseNodeSecretStore(): SecretStore {
  try {
    const probe = new Entry(SERVICE, `probe-${process.pid}`)
    probe.setPassword('probe')
    probe.deletePassword()
    return new KeyringSecretStore()
  } catch {
    return new MemorySecretStore()
  }
}
