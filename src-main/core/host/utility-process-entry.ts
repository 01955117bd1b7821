// Entry of the core when the Electron app runs it in a utilityProcess. No electron import: it
// talks to the main process through process.parentPort, which Electron provides here.
import type { CoreFrame } from '../../../src-preload/contract'
import { Core } from '../core'
import { serveFrames } from './frame-server'
import { appVersion } from './app-version'
import { parseWorkerScript } from './parse-worker-script'
import { BrokeredSecretStore, type SecretBrokerMessage } from './brokered-secret-store'
import { oauthConfigFromEnv } from '../oauth/oauth-config'
import { MemorySecretStore, type SecretStore } from '../secrets/secret-store'
import { parseWorkersFromEnv } from './parse-workers-env'

type PortLike = {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  /** The other end is gone (Electron's MessagePortMain). */
  on(event: 'close', listener: () => void): void
  start(): void
}
type ParentPort = {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
if (!parentPort) throw new Error('utility-process-entry must run inside an Electron utilityProcess')

// A rejected promise some code left unhandled must not end the user's session (Node's default
// ends the process, and the window is left without its core): it is logged, and the core goes on.
process.on('unhandledRejection', (reason) => {
  console.error('Rapport core: unhandled rejection:', reason instanceof Error ? reason.message : reason)
})

let core: Core | null = null
const brokered = new BrokeredSecretStore((message) => parentPort.postMessage(message))

parentPort.on('message', ({ data, ports }) => {
  const message = data as
    | { type: 'init'; dataDir: string; keychain: boolean }
    | { type: 'window-port' }
    | { type: 'system-resumed' }
    | SecretBrokerMessage
  if (message.type === 'init' && !core) {
    // No real keychain (see keychain-check.ts): memory only, and the UI says so.
    const secrets: SecretStore = message.keychain ? brokered : new MemorySecretStore()
    core = new Core({
      dataDir: message.dataDir,
      secrets,
      version: appVersion,
      parseWorkerScript,
      parseWorkers: parseWorkersFromEnv(),
      log: (m) => console.error(m),
      // The main process opens OAuth2 authorization URLs in the system browser (shell.openExternal).
      oauth: {
        ...oauthConfigFromEnv(),
        openUrl: (url) => parentPort.postMessage({ type: 'open-external', url })
      }
    })
    parentPort.postMessage({ type: 'ready' })
    core.startRealtime()
  } else if (message.type === 'window-port' && core && ports[0]) {
    // A window connects: serve the contract straight over its MessagePort, main is not involved.
    const port = ports[0]
    const server = serveFrames(core, (frame: CoreFrame) => port.postMessage(frame))
    port.on('message', (e) => server.handle(e.data))
    // The page went away (reloaded, or its window closed): its events stop.
    port.on('close', () => server.dispose())
    port.start()
  } else if (message.type === 'system-resumed') {
    core?.systemResumed()
  } else if (message.type === 'secret-result') {
    brokered.handleResult(message)
  }
})
