import type { CommandInput, CommandOutput } from '../../../src-preload/contract'
import type { AccountRepository } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import type { CoreEvents } from '../core-events'
import { CoreError } from '../errors'
import { parseMessage } from '../mail/message-parser'
import { closeImapSession, openImapSession } from '../mail-server/imap-session'
import { toServerError } from '../mail-server/server-errors'
import { createSmtpTransport } from '../mail-server/smtp-transport'
import type { MailQueries } from '../queries/mail-queries'
import type { MessageStore } from '../store/message-store'
import type { FolderRepository } from '../sync/folder-repository'
import { composeMessage, newMessageId, replyReferences } from './compose-message'

export type SendDeps = {
  accounts: AccountRepository
  accountService: AccountService
  folders: FolderRepository
  queries: MailQueries
  store: MessageStore
  events: CoreEvents
  log: (message: string) => void
  /** Refuses recipients the CRM says must not be written to (blocked contacts). */
  assertCanSendTo?: (addresses: string[]) => void
}

/**
 * Sends over SMTP, appends the same bytes to the server's Sent folder, and stores the message
 * locally so it shows in its thread at once. (Exactly-once retries through a persisted outbox
 * come with the sync engine; this is the direct path.)
 */
export async function sendMessage(
  deps: SendDeps,
  input: CommandInput<'messages.send'>
): Promise<CommandOutput<'messages.send'>> {
  const account = deps.accounts.get(input.accountId)
  deps.assertCanSendTo?.([...input.to, ...(input.cc ?? [])])
  if (account.kind !== 'mailbox') {
    throw new CoreError('SEND_FAILED', 'This is sample data: connect a real mailbox to send mail.')
  }
  const credentials = await deps.accountService.credentials(account)
  const parent = input.inReplyTo ? deps.queries.findByMessageId(account.id, input.inReplyTo) : null
  const messageId = newMessageId(account.email)
  const date = new Date()
  const raw = await composeMessage(
    {
      from: { name: account.displayName, address: account.email },
      to: input.to,
      cc: input.cc ?? [],
      subject: input.subject,
      text: input.text,
      inReplyTo: input.inReplyTo,
      references: input.inReplyTo ? replyReferences(parent?.references ?? [], input.inReplyTo) : [],
      date
    },
    messageId
  )

  const transport = createSmtpTransport(account.smtp, credentials)
  try {
    await transport.sendMail({
      envelope: { from: account.email, to: [...input.to, ...(input.cc ?? [])] },
      raw
    })
  } catch (error) {
    throw toServerError(error, 'smtp', account.smtp.host)
  } finally {
    transport.close()
  }

  const sent = await appendToSent(deps, account.id, account.imap, credentials, raw, date)
  const parsed = await parseMessage(raw, date)
  const result = deps.store.storeBatch(
    {
      accountId: account.id,
      threadingEnabled: account.threadingEnabled,
      ownAddresses: deps.accounts.ownAddresses(),
      folder: sent ? { id: sent.folderId, uidValidity: sent.uidValidity, isSent: true } : null
    },
    [{ uid: sent?.uid ?? null, flags: ['\\Seen'], parsed }]
  )
  const threadId = [...result.threadIds][0]
  if (threadId === undefined) throw new CoreError('INTERNAL', 'The sent message could not be threaded.')
  deps.events.emit('changed', { tables: ['messages', 'threads', 'conversations'], ids: [threadId] })
  return { messageId, threadId, sentFolder: sent?.path ?? null }
}

/**
 * The message already left over SMTP, so a failure here must not fail the send: it is logged,
 * and the local copy is kept without a server location until the next sync of Sent finds it.
 */
async function appendToSent(
  deps: SendDeps,
  accountId: number,
  imap: Parameters<typeof openImapSession>[0],
  credentials: Parameters<typeof openImapSession>[1],
  raw: Buffer,
  date: Date
): Promise<{ folderId: number; path: string; uid: number | null; uidValidity: number } | null> {
  try {
    const client = await openImapSession(imap, credentials)
    try {
      let folder = deps.folders.bySpecialUse(accountId, '\\Sent')
      if (!folder) {
        const listed = await client.list()
        deps.folders.upsertListed(
          accountId,
          listed.map((f) => ({
            path: f.path,
            name: f.name,
            delimiter: f.delimiter ?? null,
            specialUse: f.specialUse ?? null
          }))
        )
        folder = deps.folders.bySpecialUse(accountId, '\\Sent')
      }
      if (!folder) throw new Error('the server has no Sent folder')
      const appended = await client.append(folder.path, raw, ['\\Seen'], date)
      if (!appended) throw new Error(`the server refused to append to ${folder.path}`)
      const uidValidity = Number(appended.uidValidity ?? folder.uidValidity ?? 0)
      // Only record the location when it belongs to the UIDVALIDITY we track for the folder.
      const sameEpoch = folder.uidValidity === null || folder.uidValidity === uidValidity
      return {
        folderId: folder.id,
        path: folder.path,
        uid: sameEpoch && appended.uid ? appended.uid : null,
        uidValidity
      }
    } finally {
      await closeImapSession(client)
    }
  } catch (error) {
    deps.log(
      `Sent, but could not save a copy to the Sent folder: ${toServerError(error, 'imap', imap.host).message}`
    )
    return null
  }
}
