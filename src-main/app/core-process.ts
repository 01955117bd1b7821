import { join } from 'node:path'
import {
  MessageChannelMain,
  safeStorage,
  utilityProcess,
  type UtilityProcess,
  type WebContents
} from 'electron'
import { CORE_STATUS_CHANNEL, type CoreStatus } from '../../src-preload/host-hooks'
import type { SecretBrokerMessage } from '../core/host/brokered-secret-store'
import { coreProcessExecArgv } from '../core/host/core-process-flags'
import { CoreRestartPolicy } from './core-restart-policy'
import { keychainUsable } from './keychain-check'
import { SafeStorageBroker } from './safe-storage-broker'
import { openExternalSafely } from './security'

type CoreMessage = { type: 'ready' } | { type: 'open-external'; url: string } | SecretBrokerMessage

/**
 * Runs the core in a utilityProcess and connects each window to it with its own MessagePort.
 * The main process only brokers: contract traffic never passes through it.
 *
 * When the core's process dies (a crash, out of memory, a kill) the windows are told at once
 * (CORE_STATUS_CHANNEL: their preload fails what was waiting for an answer), and it is started
 * again after a pause (CoreRestartPolicy), its windows connected to the new one. A core that keeps
 * dying as it starts is left stopped, and the windows say so, until restart() is asked for.
 */
export class CoreProcess {
  private child: UtilityProcess | null = null
  private childReady = false
  private startedAt = 0
  private stopping = false
  private restartTimer: ReturnType<typeof setTimeout> | undefined
  private status: CoreStatus = { state: 'running' }
  private readonly policy = new CoreRestartPolicy()
  private readonly broker: SafeStorageBroker
  /** Every window's page that connected; each gets a new port whenever a core becomes ready. */
  private readonly windows = new Set<WebContents>()

  constructor(private readonly dataDir: string) {
    this.broker = new SafeStorageBroker(dataDir)
    this.start()
  }

  /** Connects the page now if the core is ready, else as soon as one is (after a restart too). */
  async connect(contents: WebContents): Promise<void> {
    if (!this.windows.has(contents)) {
      this.windows.add(contents)
      contents.once('destroyed', () => this.windows.delete(contents))
    }
    if (this.child && this.childReady) this.handPort(this.child, contents)
    else if (this.status.state !== 'running') contents.send(CORE_STATUS_CHANNEL, this.status)
  }

  /** The computer woke from sleep: the core checks its connections now (Core.systemResumed). */
  systemResumed(): void {
    if (this.childReady) this.child?.postMessage({ type: 'system-resumed' })
  }

  /** The user asks for the core again after it gave up (the banner's button). */
  restart(): void {
    // One already starting (Try again clicked twice, or in two windows) is not started twice:
    // two cores would share one data directory, and the first would never be stopped.
    if (this.stopping || this.status.state !== 'stopped' || this.child) return
    this.policy.reset()
    this.start()
  }

  /** The app quits: the core is stopped, and not started again. */
  stop(): void {
    this.stopping = true
    clearTimeout(this.restartTimer)
    this.child?.kill()
  }

  private start(): void {
    const child = utilityProcess.fork(join(import.meta.dirname, 'core.js'), [], {
      serviceName: 'Rapport core',
      execArgv: coreProcessExecArgv()
    })
    this.child = child
    this.childReady = false
    this.startedAt = Date.now()
    child.on('message', (message: CoreMessage) => {
      // Answers go to the process that asked, never to a later one.
      if (message.type === 'secret-request') child.postMessage(this.broker.handle(message))
      if (child !== this.child) return
      if (message.type === 'ready') this.ready(child)
      // OAuth2 sign-in: the core asks for its authorization URL to open in the system browser.
      if (message.type === 'open-external') openExternalSafely(message.url)
    })
    child.on('exit', (code) => this.exited(child, code))
    // Without a real keychain the core keeps passwords in memory only and tells the user so.
    const keychain = keychainUsable(safeStorage, process.platform)
    child.postMessage({ type: 'init', dataDir: this.dataDir, keychain })
  }

  private ready(child: UtilityProcess): void {
    this.childReady = true
    const wasDown = this.status.state !== 'running'
    this.status = { state: 'running' }
    for (const contents of this.windows) {
      if (contents.isDestroyed()) continue
      this.handPort(child, contents)
      if (wasDown) contents.send(CORE_STATUS_CHANNEL, this.status)
    }
  }

  private exited(child: UtilityProcess, code: number): void {
    if (child !== this.child) return
    this.child = null
    this.childReady = false
    if (this.stopping) return
    const delay = this.policy.afterDeath(Date.now() - this.startedAt)
    if (delay === null) {
      console.error(
        `The Rapport core stopped unexpectedly (exit code ${code}) again just after it started; it is not started again.`
      )
      this.status = { state: 'stopped', exitCode: code }
    } else {
      console.error(
        `The Rapport core stopped unexpectedly (exit code ${code}); it is started again in ${delay / 1000} s.`
      )
      this.status = { state: 'restarting', exitCode: code, retryInMs: delay }
      this.restartTimer = setTimeout(() => this.start(), delay)
    }
    for (const contents of this.windows) {
      if (!contents.isDestroyed()) contents.send(CORE_STATUS_CHANNEL, this.status)
    }
  }

  private handPort(child: UtilityProcess, contents: WebContents): void {
    const { port1, port2 } = new MessageChannelMain()
    child.postMessage({ type: 'window-port' }, [port1])
    contents.postMessage('rapport:core-port', null, [port2])
  }
}
