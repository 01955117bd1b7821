import { homedir } from 'node:os'
import { join } from 'node:path'
import { Core, type CoreOptions } from '../core'
import { chooseNodeSecretStore } from '../secrets/keyring-secret-store'
import type { SecretStore } from '../secrets/secret-store'
import { appVersion } from './app-version'
import { parseWorkerScript } from './parse-worker-script'
import { oauthConfigFromEnv } from '../oauth/oauth-config'
import { parseWorkersFromEnv } from './parse-workers-env'

/** Data directory for hosts under plain Node: --data-dir, then RAPPORT_DATA_DIR, then ~/.rapport. */
export function resolveDataDir(flag?: string): string {
  return flag ?? process.env.RAPPORT_DATA_DIR ?? join(homedir(), '.rapport')
}

/** A core for the CLI and web mode, with the OS keychain when there is one. */
export function createNodeCore(
  dataDir: string,
  secrets: SecretStore = chooseNodeSecretStore(),
  extra: Pick<CoreOptions, 'testClock' | 'searchIndexHold' | 'sync'> = {}
): Core {
  return new Core({
    ...extra,
    dataDir,
    secrets,
    version: appVersion,
    parseWorkerScript,
    parseWorkers: parseWorkersFromEnv(),
    // OAuth2 client ids from RAPPORT_GOOGLE_CLIENT_ID etc.; no browser to open here, so print the URL.
    oauth: {
      ...oauthConfigFromEnv(),
      openUrl: (url) => void process.stderr.write(`Open this address in your browser to sign in:\n${url}\n`)
    },
    log: (message) => process.stderr.write(`${message}\n`)
  })
}
