import { join } from 'node:path'
import {
  MessageChannelMain,
  safeStorage,
  utilityProcess,
  type UtilityProcess,
  type WebContents
} from 'electron'
import type { SecretBrokerMessage } from '../core/host/brokered-secret-store'
import { coreProcessExecArgv } from '../core/host/core-process-flags'
import { keychainUsable } from './keychain-check'
import { SafeStorageBroker } from './safe-storage-broker'
import { openExternalSafely } from './security'

/**
 * Runs the core in a utilityProcess and connects each window to it with its own MessagePort.
 * The main process only brokers: contract traffic never passes through it.
 */
export class CoreProcess {
  private readonly child: UtilityProcess
  private readonly ready: Promise<void>

  constructor(dataDir: string, onExit: (code: number) => void) {
    const broker = new SafeStorageBroker(dataDir)
    this.child = utilityProcess.fork(join(import.meta.dirname, 'core.js'), [], {
      serviceName: 'Rapport core',
      execArgv: coreProcessExecArgv()
    })
    this.ready = new Promise((resolve) => {
      type CoreMessage = { type: 'ready' } | { type: 'open-external'; url: string } | SecretBrokerMessage
      this.child.on('message', (message: CoreMessage) => {
        if (message.type === 'ready') resolve()
        // OAuth2 sign-in: the core asks for its authorization URL to open in the system browser.
        if (message.type === 'open-external') openExternalSafely(message.url)
        if (message.type === 'secret-request') this.child.postMessage(broker.handle(message))
      })
    })
    this.child.on('exit', onExit)
    // Without a real keychain the core keeps passwords in memory only and tells the user so.
    const keychain = keychainUsable(safeStorage, process.platform)
    this.child.postMessage({ type: 'init', dataDir, keychain })
  }

  async connect(contents: WebContents): Promise<void> {
    await this.ready
    const { port1, port2 } = new MessageChannelMain()
    this.child.postMessage({ type: 'window-port' }, [port1])
    contents.postMessage('rapport:core-port', null, [port2])
  }

  /** The computer woke from sleep: the core checks its connections now (Core.systemResumed). */
  systemResumed(): void {
    this.child.postMessage({ type: 'system-resumed' })
  }

  stop(): void {
    this.child.kill()
  }
}
