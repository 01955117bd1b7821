// Why an attempt at an outbox message failed when no network failure was the reason: the IMAP
// server refused a command (the look in Sent), or Rapport's own database refused a write. Said
// as "could not reach the server", the user looked for a network problem that was not there.
import type { ErrorCode } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { databaseProblem, FolderRefusedForNow, toServerError } from '../mail-server/server-errors'

export type AttemptError = { code: ErrorCode; text: string }

type Answered = { responseStatus?: unknown; responseCode?: unknown }

/** Whether the IMAP server could not be reached, or its connection was lost: offline, for the Outbox. */
export function isUnreachable(error: unknown, host: string): boolean {
  return toServerError(error, 'imap', host).code === 'HOST_UNREACHABLE'
}

/**
 * What went wrong, for the row's last error: the server's refusal in its words (SYNC_FAILED: the
 * IMAP server's), or Rapport's own failure (INTERNAL), with what the user can do about it.
 */
export function attemptError(error: unknown, host: string): AttemptError {
  const what = databaseProblem(error)
  if (what)
    return {
      code: 'INTERNAL',
      text: `Rapport could not record this message's progress on this computer: ${what}. It waits in the Outbox and is tried again on its own.`
    }
  const answered = (error ?? {}) as Answered
  if (
    error instanceof CoreError ||
    error instanceof FolderRefusedForNow ||
    typeof answered.responseStatus === 'string' ||
    typeof answered.responseCode === 'number'
  ) {
    const refusal = toServerError(error, 'imap', host)
    return { code: refusal.code, text: refusal.message }
  }
  const detail = error instanceof Error ? error.message : String(error)
  return {
    code: 'INTERNAL',
    text: `Rapport failed while sending this message (${detail}). It waits in the Outbox and is tried again on its own; report this if it keeps happening.`
  }
}
