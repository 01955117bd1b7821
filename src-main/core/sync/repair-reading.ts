// What the charset repair (charset-repair.ts) judges a stored message by, and a new reading of it
// against: the characters an older parser left where it could not read the bytes. U+FFFD where
// bytes were read as UTF-8 (HTML whose charset only its <meta> named, text labelled us-ascii,
// tis-620's windows-874 quotes); C1 control characters (U+0080–U+009F) where windows-1252 bytes
// were read as strict ISO-8859-1 or -9 (raw 8-bit headers, attachment names); the escapes of
// ISO-2022-JP kept in HTML; and no body and no files at all, where a multipart boundary with 8-bit
// bytes hid every part. Migrations 0050 and 0066 queued, by cheap SQL, the rows that look so.
import type { Address } from '../../../src-preload/contract'
import { isSyntheticMessageId, syntheticMessageId } from '../mail/message-id'
import type { ParsedAttachment, ParsedMessage } from '../mail/message-parser'

/** A queued message's row as stored: what the repair may replace, and what it is judged by. */
export type Stored = {
  id: number
  message_id: string
  subject: string
  from_name: string
  from_address: string
  to_json: string
  cc_json: string
  body_text: string | null
  body_html: string | null
  has_attachments: number
  /** JSON array of its files' names, inline images included. */
  attachment_names: string
}

/** The server's copy as today's parser reads it: what may replace the stored row. */
export type Reading = Pick<
  ParsedMessage,
  | 'messageId'
  | 'subject'
  | 'from'
  | 'to'
  | 'cc'
  | 'text'
  | 'html'
  | 'snippet'
  | 'attachments'
  | 'date'
  | 'size'
>

/**
 * Whether a copy read again is this message (messages merged by Message-ID can differ). One
 * without a Message-ID has an id Rapport made of its date, sender, subject and size: its subject
 * read right now, the copy's own id differs, so it is told by the id made of the subject as stored.
 */
export function isCopyOf(row: Stored, reading: Reading): boolean {
  if (reading.messageId === row.message_id) return true
  if (!isSyntheticMessageId(row.message_id)) return false
  const { date, from, size } = reading
  return (
    syntheticMessageId({ date, from: from?.address ?? '', subject: row.subject, size }) === row.message_id
  )
}

/** Unreadable bytes as text: U+FFFD, and the C1 controls strict ISO-8859 decoders make of 0x80–0x9F. */
const UNREAD = /[\u0080-\u009f\ufffd]/g
/** In HTML also the escape of 7-bit ISO-2022-JP read as ASCII (never meant in HTML). */
const ESC = '\u001b'

/**
 * How much of the message could not be read. Text mail may hold ESC for its own reasons (a
 * program's coloured output), so only HTML's count.
 */
function damage(texts: Array<string | null>, html: string | null): number {
  let count = (html ?? '').split(ESC).length - 1
  for (const text of [...texts, html]) count += (text ?? '').match(UNREAD)?.length ?? 0
  return count
}

const storedDamage = (row: Stored): number =>
  damage(
    [
      row.subject,
      row.from_name,
      row.to_json,
      row.cc_json,
      row.body_text,
      ...(JSON.parse(row.attachment_names) as string[])
    ],
    row.body_html
  )

const readingDamage = (reading: Reading): number =>
  damage(
    [
      reading.subject,
      reading.from?.name ?? '',
      JSON.stringify(reading.to),
      JSON.stringify(reading.cc),
      reading.text,
      ...reading.attachments.map((a) => a.filename)
    ],
    reading.html
  )

/** Nothing to show: no text, no HTML, no files (all of a message under an 8-bit boundary). */
const storedEmpty = (row: Stored): boolean =>
  row.body_text === null && row.body_html === null && JSON.parse(row.attachment_names).length === 0
const readingEmpty = (reading: Reading): boolean =>
  reading.text === null && reading.html === null && reading.attachments.length === 0

/**
 * Whether the stored row looks as an older parser left mail it could not read, so is worth a
 * fetch: the migrations' SQL is cheap and loose (0050 matched the word "charset" anywhere).
 */
export const needsReading = (row: Stored): boolean => storedDamage(row) > 0 || storedEmpty(row)

/** Whether today's reading is better than the stored one: less unread, or a body where none was. */
export const readsBetter = (row: Stored, reading: Reading): boolean =>
  readingDamage(reading) < storedDamage(row) || (storedEmpty(row) && !readingEmpty(reading))

/**
 * The recipients to store: the new reading's (their names read again) when it names the same
 * addresses in the same order, else those stored, as they are.
 */
export function sameRecipients(stored: string, read: Address[]): string {
  const old = JSON.parse(stored) as Address[]
  const same =
    old.length === read.length &&
    old.every((a, i) => a.address.toLowerCase() === read[i]!.address.toLowerCase())
  return same ? JSON.stringify(read) : stored
}

/** The files of a reading as the store counts them: inline images of the HTML are not. */
export const hasFiles = (attachments: ParsedAttachment[]): boolean => attachments.some((a) => !a.inline)
