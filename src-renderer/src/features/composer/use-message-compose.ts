// Reply, Reply all and Forward of one message of the open conversation (its action bar, and the
// keys r, Shift+R and f for the newest). A reply goes into the conversation's reply box, with that
// message's recipients as the box's own (its text stays); a forward opens New message, what was
// being written there set aside, as a mailto link does.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, type MessageDetail, type ThreadSummary } from '../../../../src-preload/contract'
import { forwardBody, forwardedParts, forwardSubject } from '../../../../src-preload/contract/forward-message'
import { messageReply, type MessageReply } from '../../../../src-preload/contract/message-reply'
import { replyTarget } from '../../../../src-preload/contract/reply-target'
import { withSignature } from '../../../../src-preload/contract/signature'
import { useQuery } from '../../api/use-query'
import { formatFullDate } from '../../i18n/format'
import { emptyNewMessage, useUiStore } from '../../store/ui-store'
import { attachmentsTooLargeMessage } from '../../../../src-preload/contract/attachment-limit'
import { MAX_ATTACHMENTS_BYTES, readAttachmentFiles } from '../outbox/attachment-files'
import { messageReplyDraft } from './message-reply-draft'
import { canSendFrom, isArchive } from './sending-mailboxes'
import { useOtherMailboxes } from './use-other-mailboxes'

export type MessageCompose = {
  /** Who Reply (or Reply all) on `message` writes to; null when there is no one. */
  recipients: (message: MessageDetail, all: boolean) => MessageReply | null
  reply: (message: MessageDetail, all: boolean) => void
  forward: (message: MessageDetail) => Promise<void>
  /** The message whose attachments Forward is reading, or null. */
  forwarding: number | null
  /** Why Forward of `messageId` could not open New message (over 25 MB, an attachment not read). */
  failure: { messageId: number; error: ApiError } | null
  /**
   * The conversation's mailbox is kept as a read-only archive: the core refuses sending from it
   * and every change that reaches its server, so there is no Reply (Forward goes from another).
   */
  archived: boolean
}

/**
 * `focusReply` shows the reply box (not the comment box) and puts the keys in its text. Nothing
 * happens while the conversation (`thread`) is still loading.
 */
export function useMessageCompose(
  thread: ThreadSummary | undefined,
  messages: readonly MessageDetail[],
  focusReply: () => void
): MessageCompose {
  const { t, i18n } = useTranslation()
  const accounts = useQuery('accounts.list', {}, ['accounts'])
  const updateReplyDraft = useUiStore((state) => state.updateReplyDraft)
  const startNewMessage = useUiStore((state) => state.startNewMessage)
  const [forwarding, setForwarding] = useState<number | null>(null)
  const [failure, setFailure] = useState<MessageCompose['failure']>(null)
  // Every mailbox's address, and those the conversation's outgoing mail was sent from (an alias).
  const own = [
    ...(accounts.data ?? []).map((account) => account.email),
    ...messages.flatMap((m) => (m.direction === 'out' && m.from ? [m.from.address] : []))
  ]
  const { others, mailbox } = useOtherMailboxes(thread?.accountId)
  const recipients = (message: MessageDetail, all: boolean) => messageReply(message, own, all, others)
  const conversationMailbox = (accounts.data ?? []).find((account) => account.id === thread?.accountId)
  const archived = conversationMailbox ? isArchive(conversationMailbox) : false

  const reply = (message: MessageDetail, all: boolean) => {
    if (!thread || archived) return
    updateReplyDraft(
      thread.id,
      messageReplyDraft(
        message,
        messages,
        recipients(message, all),
        replyTarget(thread, messages, others, mailbox)
      )
    )
    focusReply()
  }

  const forward = async (message: MessageDetail) => {
    if (!thread || forwarding !== null) return
    setFailure(null)
    // Refused on the sizes stored with the message, before a byte is read: a forward of a 200 MB
    // message would otherwise be read whole into memory only to be refused when sent.
    const parts = forwardedParts(message)
    const total = parts.reduce((sum, part) => sum + part.size, 0)
    if (total > MAX_ATTACHMENTS_BYTES) {
      setFailure({ messageId: message.id, error: tooLarge(total) })
      return
    }
    setForwarding(message.id)
    let files: File[]
    try {
      files = await readAttachmentFiles(parts)
    } catch (error) {
      const known = ApiError.safeParse(error)
      setFailure({
        messageId: message.id,
        error: known.success ? known.data : { code: 'INTERNAL', message: String(error) }
      })
      return
    } finally {
      setForwarding(null)
    }
    const labels = {
      title: t('composer.forward.title'),
      from: t('composer.forward.from'),
      date: t('composer.forward.date'),
      subject: t('composer.forward.subject'),
      to: t('composer.forward.to'),
      cc: t('composer.forward.cc')
    }
    // From the conversation's mailbox, unless it cannot send (a read-only archive, sample data):
    // then the first that can, rather than a From whose Send is refused.
    const mailboxes = accounts.data ?? []
    const from =
      conversationMailbox && canSendFrom(conversationMailbox)
        ? conversationMailbox
        : (mailboxes.find(canSendFrom) ?? conversationMailbox)
    // Its signature after the forwarded message, not above it: all below "-- " reads as signature.
    const signature = from?.signature ?? ''
    startNewMessage({
      ...emptyNewMessage,
      accountId: from?.id ?? thread.accountId,
      subject: forwardSubject(message.subject || thread.subject),
      text: withSignature(
        forwardBody(message, labels, formatFullDate(message.date, i18n.language)),
        signature
      ),
      signature,
      files
    })
  }

  return { recipients, reply, forward, forwarding, failure, archived }
}

/** The core's ATTACHMENT_TOO_LARGE, said before sending (the UI shows the code's own words). */
function tooLarge(total: number): ApiError {
  return { code: 'ATTACHMENT_TOO_LARGE', message: attachmentsTooLargeMessage(total) }
}
