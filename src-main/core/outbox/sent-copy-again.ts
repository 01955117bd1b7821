// Saving again the Sent copy the server refused when the message went (no room, no right to add
// mail there): Retry on such a row in the Outbox, or the scheduler when the refusal was for now
// (sent-copy-retry.ts). The row kept the bytes for it. A new refusal is recorded in the server's
// words, with when to try again; once saved, the message shows in Sent like any other.
import { parseMessage } from '../mail/message-parser'
import { sessionOpen } from '../mail-server/guarded-commands'
import type { MailSession } from '../sync/task-runner'
import type { OutboxRecord } from './outbox-repository'
import { saveInSent, sentFlags, storeSentMessage, type SenderDeps } from './outbox-sender'
import { copyRefusal } from './sent-copy-retry'
import { sentFolderOf, type SentCopy } from './sent-folder'

export const NO_SENT_FOLDER =
  'The server has no Sent folder now. Create one there (or mark one as Sent), then try again.'

export async function saveSentCopyAgain(
  deps: SenderDeps,
  session: MailSession,
  item: OutboxRecord
): Promise<void> {
  const account = deps.accounts.get(item.accountId)
  const raw = deps.repo.raw(item.id)
  if (!raw) return
  const folder = await sentFolderOf(session.client, deps.folders, account.id)
  if (!folder) return deps.repo.noteSentCopyError(item.id, { text: NO_SENT_FOLDER, retryAt: null })
  const date = new Date(item.sendAt)
  let copy: SentCopy
  try {
    copy = await saveInSent(deps, session, folder, account, item, raw)
  } catch (error) {
    // A lost connection is "offline", said where Retry was pressed; the row stays as it was.
    if (!sessionOpen(session.client)) throw error
    const refusal = copyRefusal(error, account.imap.host, item.sentCopyAttempts, deps.now())
    return deps.repo.noteSentCopyError(item.id, refusal)
  }
  const parsed = await parseMessage(raw, date)
  deps.db.transaction(() => {
    storeSentMessage(deps, account, parsed, copy, sentFlags(deps, account, item))
    deps.repo.settleSentCopy(item.id, copy.folder.path)
  })()
}
