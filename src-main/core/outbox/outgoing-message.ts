import { domainToASCII, domainToUnicode } from 'node:url'
import type { OutgoingAttachment, Recipient } from '../../../src-preload/contract'
import type { AccountRecord } from '../accounts/account-repository'
import { CoreError } from '../errors'
import { isSyntheticMessageId } from '../mail/message-id'
import type { MailQueries } from '../queries/mail-queries'
import { composeMessage, newMessageId, replyReferences } from '../send/compose-message'
import { withHeaderEdited } from '../send/header-section'
import { withQuote } from '../send/reply-quote'
import {
  attachmentsTooLargeMessage,
  MAX_ATTACHMENTS_BYTES
} from '../../../src-preload/contract/attachment-limit'

export type Outgoing = {
  to: Recipient[]
  cc?: Recipient[]
  bcc?: Recipient[]
  subject: string
  text: string
  inReplyTo?: string
  /** Quote the message answered (inReplyTo) below the text. */
  quote?: boolean
  attachments?: OutgoingAttachment[]
}

export type Composed = {
  messageId: string
  raw: Buffer
  /** The SMTP envelope: To, Cc and Bcc, each address once. */
  recipients: string[]
  /** The envelope's addresses by the field they are in, as the Outbox shows them. */
  fields: { to: string[]; cc: string[]; bcc: string[] }
  threadId: number | null
}

type Mailbox = { name: string; address: string }

export const addressOf = (recipient: Recipient): string =>
  typeof recipient === 'string' ? recipient : recipient.address

/**
 * The address with its domain in ASCII (info@müller.de -> info@xn--mller-kva.de): the form every
 * SMTP server takes in RCPT TO, and the one the headers carry.
 */
export function asciiAddress(address: string, field: string): string {
  const at = address.lastIndexOf('@')
  const domain = domainToASCII(address.slice(at + 1))
  if (at <= 0 || !domain)
    throw new CoreError('INVALID_INPUT', `“${address}” is not a valid email address.`, field)
  return `${address.slice(0, at)}@${domain}`
}

/**
 * The mailbox's own address as servers read it: an internationalized domain in its ASCII form
 * (alice@bücher.example -> alice@xn--bcher-kva.example), for the From, the Message-ID and the
 * SMTP envelope. A server without SMTPUTF8 (most) refuses raw UTF-8 there. An address literal
 * (ana@[192.0.2.7]) stays as it is.
 */
export function ownAsciiAddress(email: string): string {
  const at = email.lastIndexOf('@')
  const domain = at > 0 ? domainToASCII(email.slice(at + 1)) : ''
  return domain ? `${email.slice(0, at)}@${domain}` : email
}

/**
 * An address as the user wrote it (info@müller.de), from the ASCII form it is stored and sent in
 * (info@xn--mller-kva.de): what the Outbox shows.
 */
export function shownAddress(address: string): string {
  const at = address.lastIndexOf('@')
  const domain = at > 0 ? domainToUnicode(address.slice(at + 1)) : ''
  return domain ? `${address.slice(0, at)}@${domain}` : address
}

/**
 * To, Cc and Bcc as they are sent: domains in ASCII, each address once (compared without regard
 * to case), an address in To left out of Cc, one in To or Cc left out of Bcc.
 */
export function sendingRecipients(input: Pick<Outgoing, 'to' | 'cc' | 'bcc'>): {
  to: Mailbox[]
  cc: Mailbox[]
  bcc: Mailbox[]
} {
  const seen = new Set<string>()
  const once = (list: Recipient[], field: string) =>
    list.flatMap((recipient, index): Mailbox[] => {
      const address = asciiAddress(addressOf(recipient), `${field}.${index}`)
      const key = address.toLowerCase()
      if (seen.has(key)) return []
      seen.add(key)
      return [{ name: typeof recipient === 'string' ? '' : recipient.name, address }]
    })
  const to = once(input.to, 'to')
  const cc = once(input.cc ?? [], 'cc')
  return { to, cc, bcc: once(input.bcc ?? [], 'bcc') }
}

/** Decodes the attachments and refuses more than 25 MB in total, saying by how much. */
export function decodeAttachments(
  attachments: OutgoingAttachment[] = []
): Array<{ filename: string; contentType: string; content: Buffer }> {
  const decoded = attachments.map((a) => ({
    filename: a.name,
    contentType: a.type,
    content: Buffer.from(a.contentBase64, 'base64')
  }))
  const total = decoded.reduce((sum, a) => sum + a.content.length, 0)
  if (total > MAX_ATTACHMENTS_BYTES) {
    throw new CoreError('ATTACHMENT_TOO_LARGE', attachmentsTooLargeMessage(total), 'attachments')
  }
  return decoded
}

/**
 * Builds the message once, with its Message-ID fixed now: the same bytes go into Sent and (but
 * for the Bcc header) over SMTP, on the first attempt and on every retry.
 */
export async function composeOutgoing(
  account: AccountRecord,
  queries: MailQueries,
  input: Outgoing,
  date: Date
): Promise<Composed> {
  const attachments = decodeAttachments(input.attachments)
  const parent = input.inReplyTo ? queries.findByMessageId(account.id, input.inReplyTo) : null
  const ownAddress = ownAsciiAddress(account.email)
  const messageId = newMessageId(ownAddress)
  const { to, cc, bcc } = sendingRecipients(input)
  const raw = await composeMessage(
    {
      from: { name: account.displayName, address: ownAddress },
      to,
      cc,
      bcc,
      subject: input.subject,
      text: replyText(account, queries, input),
      // An id Rapport made up for a message without one means nothing to anyone else.
      inReplyTo: input.inReplyTo && !isSyntheticMessageId(input.inReplyTo) ? input.inReplyTo : undefined,
      references: input.inReplyTo
        ? replyReferences(parent?.references ?? [], input.inReplyTo, parent?.inReplyTo).filter(
            (id) => !isSyntheticMessageId(id)
          )
        : [],
      date,
      attachments
    },
    messageId
  )
  const addresses = (list: Mailbox[]) => list.map((mailbox) => mailbox.address)
  return {
    messageId,
    raw,
    // The envelope: Bcc recipients get the message though its header, as sent, names none.
    recipients: addresses([...to, ...cc, ...bcc]),
    fields: { to: addresses(to), cc: addresses(cc), bcc: addresses(bcc) },
    threadId: parent?.threadId ?? null
  }
}

/**
 * The text as sent: with the message answered quoted below it when asked (the reply box's "Quote
 * the message"). Built here, into the bytes composed once, so the copy in Sent and the message
 * that goes out carry the same quote; drafts keep the text alone, as the user wrote it.
 */
function replyText(account: AccountRecord, queries: MailQueries, input: Outgoing): string {
  if (!input.quote || !input.inReplyTo) return input.text
  return withQuote(input.text, queries.quotedMessage(account.id, input.inReplyTo))
}

/**
 * The message with its Date header set to `date` (as nodemailer writes it). For a message never
 * tried that is sent before the time it was composed for (Send now on a scheduled message): its
 * Date said that later time, days ahead of when it went.
 */
export function withDate(raw: Buffer, date: Date): Buffer {
  const value = date.toUTCString().replace(/GMT/, '+0000')
  return withHeaderEdited(raw, (head) =>
    head.replace(/^Date:[^\r\n]*(\r\n[ \t][^\r\n]*)*/im, `Date: ${value}`)
  )
}
