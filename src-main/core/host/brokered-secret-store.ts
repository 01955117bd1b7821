import type { SecretStore } from '../secrets/secret-store'

export type SecretBrokerMessage =
  | { type: 'secret-request'; id: number; op: 'get' | 'set' | 'delete'; key: string; secret?: string }
  | { type: 'secret-result'; id: number; ok: boolean; value?: string | null; error?: string }

/**
 * In the Electron app the core has no access to safeStorage (a main-process API), so it asks
 * the main process, which encrypts with the OS keychain's key and keeps only ciphertext on disk.
 */
export class BrokeredSecretStore implements SecretStore {
  readonly kind = 'safeStorage' as const
  readonly warning = null
  private nextId = 1
  private readonly pending = new Map<number, { resolve(v: string | null): void; reject(e: Error): void }>()

  constructor(private readonly post: (message: SecretBrokerMessage) => void) {}

  handleResult(message: SecretBrokerMessage): void {
    if (message.type !== 'secret-result') return
    const waiter = this.pending.get(message.id)
    this.pending.delete(message.id)
    if (!waiter) return
    if (message.ok) waiter.resolve(message.value ?? null)
    else waiter.reject(new Error(message.error ?? 'The secret store failed'))
  }

  get(key: string): Promise<string | null> {
    return this.request('get', key)
  }
  async set(key: string, secret: string): Promise<void> {
    await this.request('set', key, secret)
  }
  async delete(key: string): Promise<void> {
    await this.request('delete', key)
  }

  private request(op: 'get' | 'set' | 'delete', key: string, secret?: string): Promise<string | null> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.post({ type: 'secret-request', id, op, key, ...(secret !== undefined ? { secret } : {}) })
    })
  }
}
