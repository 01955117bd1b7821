import type { Database } from 'better-sqlite3'
import type { OAuthProvider } from '../../../src-preload/contract'

/** What the workspace keeps of a provider's client: the id, and only the key of its secret. */
export type SavedOAuthClient = { clientId: string | null; secretRef: string | null }

const keys = (provider: OAuthProvider) =>
  ({ clientId: `oauth.${provider}.clientId`, secretRef: `oauth.${provider}.clientSecretRef` }) as const

/**
 * The OAuth client rows of the workspace settings. The secret itself lives in the secret store
 * (keychain); SQLite holds the key it is stored under, as accounts.secret_ref does for passwords.
 */
export class OAuthClientSettings {
  private readonly select
  private readonly upsert
  private readonly remove

  constructor(private readonly db: Database) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?')
  }

  read(provider: OAuthProvider): SavedOAuthClient {
    const value = (key: string) => (this.select.get(key) as { value: string } | undefined)?.value ?? null
    const key = keys(provider)
    return { clientId: value(key.clientId), secretRef: value(key.secretRef) }
  }

  /** Writes both rows at once; a null removes its row. */
  write(provider: OAuthProvider, saved: SavedOAuthClient): void {
    const key = keys(provider)
    this.db.transaction(() => {
      for (const name of ['clientId', 'secretRef'] as const) {
        const value = saved[name]
        if (value === null) this.remove.run(key[name])
        else this.upsert.run(key[name], value)
      }
    })()
  }
}
