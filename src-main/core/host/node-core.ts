import { homedir } from 'node:os'
import { join } from 'node:path'
import { Core } from '../core'
import { chooseNodeSecretStore } from '../secrets/keyring-secret-store'
import type { SecretStore } from '../secrets/secret-store'
import { appVersion } from './app-version'

/** Data directory for hosts under plain Node: --data-dir, then RAPPORT_DATA_DIR, then ~/.rapport. */
export function resolveDataDir(flag?: string): string {
  return flag ?? process.env.RAPPORT_DATA_DIR ?? join(homedir(), '.rapport')
}

/** A core for the CLI and web mode, with the OS keychain when there is one. */
export function createNodeCore(dataDir: string, secrets: SecretStore = chooseNodeSecretStore()): Core {
  return new Core({
    dataDir,
    secrets,
    version: appVersion,
    log: (message) => process.stderr.write(`${message}\n`)
  })
}
