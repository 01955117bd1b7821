import { isUtf8 } from 'node:buffer'
import { Readable } from 'node:stream'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { collectMail } from './mail-collector'
import type { Address } from '../../../src-preload/contract'
import { safeAttachmentName } from './attachment-name'
import { mayNeedAsciiRelabel, relabelAsciiParts } from './ascii-label-relabel'
import { bodyText } from './body-text'
import { asciiBoundaries, EightBitBoundaryWatch } from './eight-bit-boundary'
import { mayNeedHtmlCharset, relabelHtmlCharsets } from './html-charset-relabel'
import { utf8HeaderLines } from './header-charset'
import { extractMessageIds, normalizeMessageId, syntheticMessageId } from './message-id'
import { parseFailure, type ParseFailure } from './parse-error'
import { partHeadersMisread, utf8PartHeaderLines } from './part-header-charset'
import { mayNeedTextCharset, relabelTextCharsets } from './text-charset-relabel'

export type ParsedAttachment = {
  filename: string
  contentType: string
  size: number
  contentId: string | null
  disposition: string | null
  /**
   * Part of the HTML body rather than attached: a multipart/related part not marked as an
   * attachment, such as a logo the HTML shows with src="cid:…". Stored like attachments, so it
   * can be shown offline, but not counted or listed as one (see queries/inline-images.ts).
   */
  inline?: boolean
  /** The decoded bytes, kept so the store can cache them (mail deleted on the server stays readable). */
  content?: Buffer
  /**
   * Set instead of content when the bytes were already written to the attachment cache while
   * parsing: the key, or null when they were too large to keep.
   */
  cacheKey?: string | null
}

export type ParsedMessage = {
  messageId: string
  inReplyTo: string | null
  references: string[]
  subject: string
  from: Address | null
  to: Address[]
  cc: Address[]
  bcc: Address[]
  replyTo: Address[]
  date: number
  /**
   * Whether `date` is the message's Date header (else its arrival, or 0): copies of one message
   * share it, so two messages under one Message-ID with different ones are two messages.
   */
  datedByHeader?: boolean
  text: string | null
  html: string | null
  snippet: string
  attachments: ParsedAttachment[]
  size: number
  /** Set when the MIME structure was broken; what could be read is still kept. */
  parseError: ParseFailure | null
}

const SNIPPET_LENGTH = 200

/** What Rapport asks of mailparser: the bodies as sent, without the HTML it can derive for display. */
export const MAILPARSER_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true }

/**
 * Parses one raw RFC 5322 message. Never throws: a message that cannot be parsed is kept with
 * (the start of) its raw text as the body and the reason in parseError (a code, and the parser's words), so broken mail is visible, not lost.
 * Attachments larger than keepAttachmentBytes come without their content (see collectMail).
 */
export async function parseMessage(
  raw: Buffer,
  fallbackDate?: Date,
  keepAttachmentBytes?: number
): Promise<ParsedMessage> {
  try {
    const mail = await parseMail(raw, keepAttachmentBytes)
    return fromParsedMail(mail, raw.length, fallbackDate)
  } catch (error) {
    return await unparseable(raw, error, fallbackDate)
  }
}

/**
 * parseMessage's reading of a message read from a stream (a large one, downloaded in pieces
 * rather than held whole), or null where parseMessage needs the whole message to read it: it
 * cannot be parsed (its raw start becomes the body), or a part or header may need reading again.
 * The caller then fetches it whole. Its size is the bytes the stream gave; a stream that fails
 * rejects with its own error, never a reading of what arrived.
 */
export async function parseMessageStream(
  source: AsyncIterable<Buffer>,
  fallbackDate?: Date,
  keepAttachmentBytes?: number
): Promise<ParsedMessage | null> {
  let size = 0
  let sourceFailed: { error: unknown } | null = null
  const boundaries = new EightBitBoundaryWatch()
  const counted = Readable.from(
    (async function* () {
      try {
        for await (const piece of source) {
          size += piece.length
          // In mailparser's pieces, as a message held whole is given (see inPieces).
          for (let start = 0; start < piece.length; start += PARSER_PIECE_BYTES) {
            const part = piece.subarray(start, start + PARSER_PIECE_BYTES)
            boundaries.see(part)
            yield part
          }
        }
      } catch (error) {
        sourceFailed = { error }
        throw error
      }
    })()
  )
  let mail: ParsedMail
  try {
    mail = await readMail(counted, keepAttachmentBytes)
  } catch {
    if (sourceFailed) throw (sourceFailed as { error: unknown }).error
    counted.destroy()
    return null
  }
  // parseMail reads its parts with the boundary replaced; read as it comes, their body was lost.
  if (boundaries.seen) return null
  if (typeof mail.html === 'string' && mayNeedHtmlCharset(mail.html)) return null
  if (headersMisread(mail) || partHeadersMisread(mail) || mayNeedTextCharset(mail.text)) return null
  if (mayNeedAsciiRelabel(mail.text, mail.html)) return null
  return fromParsedMail(mail, size, fallbackDate)
}

/**
 * mailparser's reading of a message, parsed a second time, from a relabelled copy, when it read
 * a part as UTF-8 though it was not: a part labelled ASCII that holds windows-1252
 * (ascii-label-relabel.ts), an HTML part with no MIME charset whose <meta> declares another (old
 * Chinese clients and bulk mailers send such mail; see html-charset-relabel.ts), or 8-bit plain
 * text with no charset (text-charset-relabel.ts); or a part's header naming an attachment in raw
 * 8-bit bytes (part-header-charset.ts). Should that go wrong, the first reading stands: damaged
 * text is better than no message.
 */
async function parseMail(message: Buffer, keepAttachmentBytes?: number): Promise<ParsedMail> {
  // Before the header is made UTF-8: a boundary's bytes must stay those of its delimiter lines.
  const bounded = asciiBoundaries(message) ?? message
  // Read as UTF-8 first, mailparser would keep no bytes of a raw 8-bit header to read again.
  const raw = utf8HeaderLines(bounded) ?? bounded
  const mail = await readMail(inPieces(raw), keepAttachmentBytes)
  const html = typeof mail.html === 'string' && mayNeedHtmlCharset(mail.html)
  const text = mayNeedTextCharset(mail.text)
  const ascii = mayNeedAsciiRelabel(mail.text, mail.html)
  const partHeaders = partHeadersMisread(mail)
  if (!html && !text && !ascii && !partHeaders) return mail
  // Each in turn, on the copy the one before made: a multipart/alternative may have both parts
  // unlabelled, and its text is what a reply quotes and search finds; an attachment's 8-bit name
  // may come with either.
  const steps = [
    partHeaders && utf8PartHeaderLines,
    ascii && relabelAsciiParts,
    html && relabelHtmlCharsets,
    text && relabelTextCharsets
  ]
  try {
    let relabelled: Buffer | null = null
    for (const step of steps) if (step) relabelled = (await step(relabelled ?? raw)) ?? relabelled
    return relabelled ? await readMail(inPieces(relabelled), keepAttachmentBytes) : mail
  } catch {
    return mail
  }
}

/**
 * Whether mailparser read a header that was not UTF-8 (see header-charset.ts): a stream cannot
 * be read again, so the message is then fetched whole and parsed by parseMessage. Its
 * headerLines hold each byte as one character (latin1).
 */
function headersMisread(mail: ParsedMail): boolean {
  return mail.headerLines.some(
    (h) => /[\u0080-\u00ff]/.test(h.line) && !isUtf8(Buffer.from(h.line, 'latin1'))
  )
}

/** mailparser's reading; with a limit on the attachment bytes kept, collectMail's. */
function readMail(input: Buffer | Readable, keepAttachmentBytes: number | undefined): Promise<ParsedMail> {
  return keepAttachmentBytes === undefined
    ? simpleParser(input, MAILPARSER_OPTIONS)
    : collectMail(input, MAILPARSER_OPTIONS, keepAttachmentBytes)
}

/** What mailparser is given at a time. */
const PARSER_PIECE_BYTES = 64 * 1024

/**
 * The message as a stream of small pieces, which mailparser takes in with backpressure. Given
 * one Buffer, it splits and decodes all of it in one go and queues every line and decoded chunk
 * at once: parsing a 40 MB message raised the peak RSS by ~230 MB (~135 MB in pieces), a 120 MB
 * one by ~630 MB (~95 MB) (2026-12-07, tests/integration/parse-worker-memory.test.ts).
 */
function inPieces(raw: Buffer): Buffer | Readable {
  if (raw.length <= PARSER_PIECE_BYTES) return raw
  return Readable.from(
    (function* () {
      for (let start = 0; start < raw.length; start += PARSER_PIECE_BYTES)
        yield raw.subarray(start, start + PARSER_PIECE_BYTES)
    })()
  )
}

function fromParsedMail(mail: ParsedMail, size: number, fallbackDate?: Date): ParsedMessage {
  const subject = (mail.subject ?? '').trim()
  const from = firstAddress(mail.from)
  const headerDate = dateHeaderReadable(mail) ? validDate(mail.date) : null
  // Not mailparser's "now" for a Date header it cannot read: the arrival, the same at every fetch
  // (an id made up from the date changed at each one, and the message was stored again).
  const date = headerDate ?? validDate(fallbackDate) ?? 0
  const text = bodyText(mail.text, mail.html)
  const html = typeof mail.html === 'string' ? mail.html : null
  const references = extractMessageIds(mail.references ?? null)
  const inReplyTo = normalizeMessageId(mail.inReplyTo ?? null)
  const messageId =
    normalizeMessageId(mail.messageId ?? null) ??
    syntheticMessageId({ date, from: from?.address ?? '', subject, size })
  return {
    messageId,
    inReplyTo,
    references,
    subject,
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    bcc: addresses(mail.bcc),
    replyTo: addresses(mail.replyTo),
    date,
    datedByHeader: headerDate !== null,
    text,
    html,
    snippet: makeSnippet(text ?? htmlToRoughText(html ?? '')),
    attachments: mail.attachments.map((a) => ({
      filename: safeAttachmentName(a.filename ?? ''),
      contentType: a.contentType || 'application/octet-stream',
      size: a.size ?? a.content?.length ?? 0,
      contentId: a.cid ?? null,
      disposition: a.contentDisposition ?? null,
      inline: a.related === true && a.contentDisposition !== 'attachment',
      content: a.content
    })),
    size,
    parseError: null
  }
}

/**
 * The most of an unparseable message's raw text kept as its body: its start, to read and find it
 * by. Such a message is often one with large attachments, whose megabytes of base64 would
 * otherwise fill the body and the search index.
 */
export const UNPARSEABLE_BODY_BYTES = 256 * 1024
/** Ends a body cut at UNPARSEABLE_BODY_BYTES: the omission mark, in no one language. */
export const CUT_MARK = '\n\n[…]'
/** Longer is no person's From; it is not read for a name (mailparser would refuse it anyway). */
const MAX_FROM_LENGTH = 16 * 1024

async function unparseable(raw: Buffer, error: unknown, fallbackDate?: Date): Promise<ParsedMessage> {
  const text = raw.toString('utf8')
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(text)?.[1]?.trim() ?? ''
  const subject = header('Subject')
  const fromRaw = header('From')
  const headerDate = validDate(new Date(header('Date')))
  const date = headerDate ?? validDate(fallbackDate) ?? 0
  // Also the synthetic id's input, so it is read as it always was: stored mail keeps its identity.
  const fromAddress = /<([^>]+)>/.exec(fromRaw)?.[1] ?? fromRaw
  const body = keptBody(raw, text)
  return {
    messageId:
      normalizeMessageId(header('Message-ID')) ??
      syntheticMessageId({ date, from: fromAddress, subject, size: raw.length }),
    inReplyTo: normalizeMessageId(header('In-Reply-To')),
    references: extractMessageIds(header('References')),
    subject,
    from: (await readFrom(text)) ?? (fromAddress ? { name: '', address: fromAddress.toLowerCase() } : null),
    to: [],
    cc: [],
    bcc: [],
    replyTo: [],
    date,
    datedByHeader: headerDate !== null,
    text: body,
    html: null,
    snippet: makeSnippet(body),
    attachments: [],
    size: raw.length,
    parseError: parseFailure(error)
  }
}

function keptBody(raw: Buffer, text: string): string {
  if (raw.length <= UNPARSEABLE_BODY_BYTES) return text
  // Cut on bytes: a character split there decodes as U+FFFD, which is dropped.
  return (
    raw
      .subarray(0, UNPARSEABLE_BODY_BYTES)
      .toString('utf8')
      .replace(/\uFFFD$/, '') + CUT_MARK
  )
}

/**
 * The From header (with its folded lines) read by mailparser alone, which decodes an RFC 2047
 * name in its charset, though it gave up on the header block around it. Null if it reads none.
 */
async function readFrom(text: string): Promise<Address | null> {
  const value = /^From:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(text)?.[1]?.trimEnd()
  if (!value || value.length > MAX_FROM_LENGTH) return null
  try {
    const mail = await simpleParser(Buffer.from(`From: ${value}\r\n\r\n`), MAILPARSER_OPTIONS)
    return firstAddress(mail.from)
  } catch {
    return null
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): Address[] {
  if (!value) return []
  const list = Array.isArray(value) ? value : [value]
  const out: Address[] = []
  for (const object of list) {
    for (const entry of object.value) {
      // Groups ("undisclosed-recipients:;") nest their members.
      for (const member of entry.group ?? [entry]) {
        if (member.address) out.push({ name: member.name ?? '', address: member.address.toLowerCase() })
      }
    }
  }
  return out
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): Address | null {
  return addresses(value)[0] ?? null
}

/**
 * Whether mailparser's date is the Date header's: one it cannot read it dates "now", a time that
 * differs from copy to copy of the message (and so told them apart as messages of their own).
 * mailparser keeps the last Date line.
 */
function dateHeaderReadable(mail: ParsedMail): boolean {
  const line = mail.headerLines.filter((h) => h.key === 'date').at(-1)?.line
  const value = line
    ?.replace(/^date:/i, '')
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim()
  return !!value && validDate(new Date(value)) !== null
}

function validDate(date: Date | undefined): number | null {
  const time = date?.getTime()
  return time !== undefined && Number.isFinite(time) ? time : null
}

function htmlToRoughText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}

export function makeSnippet(text: string): string {
  // Quoted replies ("> ...") repeat what the thread already shows.
  const unquoted = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('>'))
    .join(' ')
  return unquoted.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH)
}
