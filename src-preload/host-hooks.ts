// What the desktop host offers the page besides the core's API (window.rapportHost; web mode has
// none): the page registers what it must save before its window closes, and the main process
// asks for it (src-main/app/settle-before-close.ts) before it lets the window close or the app
// quit, which stops the core.

/** Main process -> page: save what is being written now. */
export const SETTLE_CHANNEL = 'rapport:settle'
/** Page -> main process: saved (or failed; the close goes on either way). */
export const SETTLED_CHANNEL = 'rapport:settled'

export type RapportHost = {
  /** `save` runs when the window is about to close; the close waits for it. Returns an undo. */
  onClosing(save: () => Promise<void>): () => void
}
