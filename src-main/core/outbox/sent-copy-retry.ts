// When a Sent copy the server refused is tried again without the user: only a refusal for now.
import { REFUSED_FOR_NOW } from '../mail-server/server-errors'
import { copyRefusalText } from './sent-folder'

/**
 * RFC 5530 codes with which a server refuses an APPEND for now: busy (UNAVAILABLE, INUSE,
 * LIMIT), or the mailbox is full (OVERQUOTA), which the user fixes by deleting mail elsewhere,
 * often in webmail, without telling Rapport. A refusal without a code, or NOPERM, waits for Retry:
 * trying again would upload the message for the same answer.
 */
const COPY_REFUSED_FOR_NOW: ReadonlySet<string> = new Set([...REFUSED_FOR_NOW, 'OVERQUOTA'])

/**
 * Minutes to wait after the 1st, 2nd, … refusal: soon at first, for a busy server, then further
 * apart, for a full mailbox; about a day in all. Each try sends the whole message (up to 25 MB)
 * again, so then it waits for the user.
 */
const WAIT_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 720]

/** Why the copy was refused, in the server's words, and when it is tried again (null: on Retry). */
export type CopyRefusal = { text: string; retryAt: number | null }

export function copyRefusal(error: unknown, host: string, refusedBefore: number, now: number): CopyRefusal {
  const code = (error as { serverResponseCode?: unknown } | null)?.serverResponseCode
  const wait =
    typeof code === 'string' && COPY_REFUSED_FOR_NOW.has(code.toUpperCase())
      ? WAIT_MINUTES[refusedBefore]
      : undefined
  return { text: copyRefusalText(error, host), retryAt: wait === undefined ? null : now + wait * 60_000 }
}
