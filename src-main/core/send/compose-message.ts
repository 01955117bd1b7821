import { randomUUID } from 'node:crypto'
import MailComposer from 'nodemailer/lib/mail-composer'

type Mailbox = { name: string; address: string }

export type Draft = {
  from: Mailbox
  to: Array<string | Mailbox>
  cc: Array<string | Mailbox>
  bcc?: Array<string | Mailbox>
  subject: string
  text: string
  inReplyTo?: string
  references: string[]
  date: Date
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>
}

/** A Message-ID on the sender's own domain, so replies thread back to it. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'rapport.invalid'
  return `<${randomUUID()}@${domain}>`
}

/**
 * Builds the exact RFC 5322 bytes appended to Sent and, without their Bcc header (withoutBcc, at
 * the SMTP step), sent: one Message-ID and one body for both.
 */
export async function composeMessage(draft: Draft, messageId: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: draft.from,
    to: draft.to,
    cc: draft.cc.length > 0 ? draft.cc : undefined,
    bcc: draft.bcc && draft.bcc.length > 0 ? draft.bcc : undefined,
    subject: draft.subject,
    text: draft.text,
    messageId,
    inReplyTo: draft.inReplyTo,
    references: draft.references.length > 0 ? draft.references : undefined,
    date: draft.date,
    attachments: draft.attachments?.map((a) => ({ ...a, contentDisposition: 'attachment' as const }))
  })
  const message = composer.compile()
  // nodemailer leaves Bcc out of the bytes unless told: the copy for Sent keeps it.
  message.keepBcc = true
  return message.build()
}

/**
 * References for a reply: the parent's references plus the parent, capped like most mailers. A
 * parent without References but with In-Reply-To starts the chain with that id (RFC 5322 §3.6.4).
 */
export function replyReferences(
  parentReferences: string[],
  parentMessageId: string,
  parentInReplyTo: string | null = null
): string[] {
  const ancestors = parentReferences.length > 0 ? parentReferences : parentInReplyTo ? [parentInReplyTo] : []
  const chain = [...ancestors.filter((id) => id !== parentMessageId), parentMessageId]
  // Keep the root and the most recent ids: very long chains get rejected by some servers.
  return chain.length > 20 ? [chain[0]!, ...chain.slice(-19)] : chain
}
