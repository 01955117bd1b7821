// What Forward puts in New message: the subject titled "Fwd: …" once, and a text that starts with
// an empty line to write in, then the forwarded message's header block and its text, as Gmail and
// Thunderbird quote a forward inline.
import type { Address, MessageDetail } from './mail-shapes'
import { prefixPattern, FORWARD_WORDS } from './subject-prefixes'

const FORWARD_PREFIX = prefixPattern(FORWARD_WORDS)
/** What a Subject may hold (DRAFT_LIMITS.subject). */
const MAX_SUBJECT = 998

/**
 * "Fwd: " + subject, unless it starts with a forward prefix already in a language mail programs
 * write ("Fwd:", "FW:", "WG:", "转发："), so forwarding a forward does not stack them. A reply is
 * forwarded "Fwd: Re: …"; an empty subject "Fwd:".
 */
export function forwardSubject(subject: string): string {
  const trimmed = subject.trim()
  if (!trimmed) return 'Fwd:'
  const titled = FORWARD_PREFIX.test(trimmed) ? trimmed : `Fwd: ${trimmed}`
  if (titled.length <= MAX_SUBJECT) return titled
  const cut = titled.slice(0, MAX_SUBJECT)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** The words of the header block, in the UI language. */
export type ForwardLabels = {
  /** "---------- Forwarded message ---------" */
  title: string
  from: string
  date: string
  subject: string
  to: string
  cc: string
}

const formatted = (a: Address) => (a.name ? `${a.name} <${a.address}>` : a.address)
/** One line of the block: no line breaks a crafted header could slip in. */
const line = (label: string, value: string) => `${label}: ${value.replace(/[\r\n]+/g, ' ')}`

/**
 * The text of a forward: an empty line first (where the cursor goes when the text is reached),
 * the block naming From, Date, Subject, To and Cc (when there is one), an empty line, and the
 * message's text (its text part, or the text made of its HTML). `date` is the message's date as
 * the UI shows it.
 */
export function forwardBody(message: MessageDetail, labels: ForwardLabels, date: string): string {
  const header = [
    labels.title,
    line(labels.from, message.from ? formatted(message.from) : ''),
    line(labels.date, date),
    line(labels.subject, message.subject),
    line(labels.to, message.to.map(formatted).join(', ')),
    ...(message.cc.length > 0 ? [line(labels.cc, message.cc.map(formatted).join(', '))] : [])
  ]
  return ['', '', ...header, '', message.text ?? ''].join('\n')
}

/** A stored part a forward carries as a file: its attachment id and size (decoded). */
export type ForwardedPart = { id: number; size: number }

/**
 * The parts a forward carries as files: the attachments, then the images the HTML body shows from
 * the message itself (cid:), which the attachment list leaves out. New message writes plain text
 * only, so those images have no body to sit in; sent as files they still reach the recipient
 * rather than being lost. Each part once: an image the sender also marked as an attachment is in
 * both lists.
 */
export function forwardedParts(message: MessageDetail): ForwardedPart[] {
  const parts = message.attachments.map(({ id, size }) => ({ id, size }))
  const taken = new Set(parts.map((part) => part.id))
  for (const image of message.inlineImages) {
    if (taken.has(image.attachmentId)) continue
    taken.add(image.attachmentId)
    parts.push({ id: image.attachmentId, size: image.size })
  }
  return parts
}
