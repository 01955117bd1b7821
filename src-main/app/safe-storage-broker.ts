import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { safeStorage } from 'electron'
import type { SecretBrokerMessage } from '../core/host/brokered-secret-store'
import { keychainUsable } from './keychain-check'

/**
 * Answers the core's secret requests with Electron safeStorage. Only ciphertext (base64) is
 * written to secrets.json; the key lives in the OS keychain. Plaintext never touches disk.
 */
export class SafeStorageBroker {
  private readonly file: string

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.json')
  }

  handle(message: SecretBrokerMessage): SecretBrokerMessage {
    if (message.type !== 'secret-request') throw new Error('not a secret request')
    try {
      if (!keychainUsable(safeStorage, process.platform))
        throw new Error('The system keychain is not available.')
      const all = this.read()
      let value: string | null = null
      if (message.op === 'get') {
        const encrypted = all[message.key]
        value = encrypted ? safeStorage.decryptString(Buffer.from(encrypted, 'base64')) : null
      } else if (message.op === 'set') {
        all[message.key] = safeStorage.encryptString(message.secret ?? '').toString('base64')
        this.write(all)
      } else {
        delete all[message.key]
        this.write(all)
      }
      return { type: 'secret-result', id: message.id, ok: true, value }
    } catch (error) {
      return {
        type: 'secret-result',
        id: message.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error)
      }
    }
  }

  private read(): Record<string, string> {
    return existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>)
      : {}
  }

  private write(all: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true })
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 })
    renameSync(tmp, this.file)
  }
}
