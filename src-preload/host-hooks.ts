// What the desktop host offers the page besides the core's API (window.rapportHost; web mode has
// none): the page registers what it must save before its window closes, and the main process
// asks for it (src-main/app/settle-before-close.ts) before it lets the window close or the app
// quit, which stops the core. And the core's process: when it dies (a crash, out of memory, a
// kill), main starts it again and tells the page (src-main/app/core-process.ts). And mailto
// links: main sees those a mail's HTML opens, and hands them to the page's New message.
import type { MailtoFields } from './mailto-link'

/** Main process -> page: save what is being written now. */
export const SETTLE_CHANNEL = 'rapport:settle'
/** Page -> main process: saved (or failed; the close goes on either way). */
export const SETTLED_CHANNEL = 'rapport:settled'
/** Main process -> page: the core's process stopped, is starting again, or gave up (CoreStatus). */
export const CORE_STATUS_CHANNEL = 'rapport:core-status'
/** Page -> main process: start the core again after it gave up (the banner's button). */
export const CORE_RESTART_CHANNEL = 'rapport:core-restart'
/** Main process -> page: a mailto link was followed; open New message with its fields. */
export const MAILTO_CHANNEL = 'rapport:mailto'

/**
 * The core's process as the page sees it. `restarting`: it stopped unexpectedly and is started
 * again in `retryInMs`; `stopped`: it stopped again and again just after starting, and is not
 * started again until the user asks (restartCore) or Rapport is opened again.
 */
export type CoreStatus =
  | { state: 'running' }
  | { state: 'restarting'; exitCode: number; retryInMs: number }
  | { state: 'stopped'; exitCode: number }

export type RapportHost = {
  /** `save` runs when the window is about to close; the close waits for it. Returns an undo. */
  onClosing(save: () => Promise<void>): () => void
  /** Tells when the core's process stops and runs again. Returns an undo. */
  onCoreStatus(listener: (status: CoreStatus) => void): () => void
  /** Starts the core again once it gave up (status `stopped`). */
  restartCore(): void
  /** Tells of each mailto link followed in the window (a mail's HTML), its fields checked. Returns an undo. */
  onMailto(listener: (fields: MailtoFields) => void): () => void
}
