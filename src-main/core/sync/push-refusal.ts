// How a push that failed is told: the server's refusal in its own words, a lost connection, or
// Rapport's reason, and what the task keeps of it.
import type { ImapFlow } from 'imapflow'
import type { TaskErrorCode } from '../../../src-preload/contract'
import { sessionLost, sessionOpen } from '../mail-server/guarded-commands'
import type { CommandErrors } from '../mail-server/imap-session'
import { serverWords } from '../mail-server/server-errors'
import type { TaskFailure } from './task-queue'

/** The server (or the folder list) said no: `code` is the IMAP response code, `reason` what the UI shows. */
export class CommandRefused extends Error {
  /**
   * @param folderIds the folders where a flag change was refused, when known: only their flags
   *   need comparing again.
   */
  constructor(
    message: string,
    readonly code: string | null,
    readonly reason: TaskErrorCode,
    readonly folderIds?: number[]
  ) {
    super(message)
  }
}

/**
 * The server's refusal, in its own words where it gave any (Rapport's English `fallback`
 * otherwise); or, when the command failed because the connection ended, that (imapflow says
 * `false` for both).
 */
export function refused(client: ImapFlow, errors: CommandErrors, fallback: string): Error {
  if (!sessionOpen(client)) return sessionLost(client)
  const last = errors.take()
  return last?.text
    ? new CommandRefused(last.text, last.code, 'SERVER_SAID')
    : new CommandRefused(fallback, last?.code ?? null, 'NO_REASON')
}

/**
 * What is kept of a failed push. The UI already says which change failed, in the user's
 * language, so only the server's words (a refusal, or an imapflow error carrying the server's
 * response) are kept verbatim; anything else is unexpected and kept as it is.
 */
export function taskFailure(error: unknown): TaskFailure {
  if (error instanceof CommandRefused) return { text: error.message, code: error.reason }
  const words = serverWords(error)
  if (words) return { text: words, code: 'SERVER_SAID' }
  return { text: error instanceof Error ? error.message : String(error), code: null }
}
