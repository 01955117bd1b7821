import type { ImapFlow } from 'imapflow'
import { lockFolder, searchUids } from '../mail-server/guarded-commands'

/**
 * Which of these messages a retried move finds in its destination already, by Message-ID.
 * Without MOVE, imapflow moves with COPY, then STORE \Deleted and EXPUNGE; when the answer to the
 * COPY was lost, the retry finds the message still in its source, and copying it again left two
 * in the destination. A message without a Message-ID header (Rapport made one up) is not found,
 * and is copied again.
 */
export async function copiedEarlier(
  client: ImapFlow,
  destPath: string,
  messages: Array<{ messagePk: number; messageId: string }>
): Promise<Set<number>> {
  const found = new Set<number>()
  if (messages.length === 0) return found
  const lock = await lockFolder(client, destPath, { readOnly: true })
  try {
    for (const { messagePk, messageId } of messages) {
      const query = { header: { 'message-id': messageId } }
      if ((await searchUids(client, query, `search ${destPath}`)).length > 0) found.add(messagePk)
    }
  } finally {
    lock.release()
  }
  return found
}
