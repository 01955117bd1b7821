import type { Readable } from 'node:stream'
import { MailParser, type AttachmentStream, type MailParserOptions, type ParsedMail } from 'mailparser'

type Collected = Omit<ParsedMail, 'attachments'> & { attachments: Array<Record<string, unknown>> }
type MailParserInternals = {
  headerLines: ParsedMail['headerLines']
  updateImageLinks(
    replace: (
      attachment: { contentType: string; content: Buffer },
      done: (error: unknown, url: string) => void
    ) => void,
    done: (error: unknown, html: string | false) => void
  ): void
}

/**
 * mailparser's simpleParser (3.9.31, lib/simple-parser.js), but an attachment's bytes are kept
 * only up to `keepAttachmentBytes`: past that they are read and dropped as they are decoded (its
 * size, type and name are kept; content is left unset). simpleParser collects every attachment
 * whole, though the import keeps none over the cache's limit: a 90 MB one was 90 MB held, then
 * copied by Buffer.concat, only to be dropped. With no limit it reads a message as simpleParser does.
 */
export function collectMail(
  input: Buffer | Readable,
  options: MailParserOptions,
  keepAttachmentBytes = Infinity
): Promise<ParsedMail> {
  return new Promise((resolve, reject) => {
    // As simpleParser: a non-fatal 'error' may still reach 'end', so the first outcome wins.
    let settled = false
    const settle = (error: unknown, mail?: ParsedMail) => {
      if (settled) return
      settled = true
      if (error) reject(error instanceof Error ? error : new Error(String(error)))
      else resolve(mail!)
    }
    const mail = { attachments: [] } as unknown as Collected
    const parser = new MailParser(options)
    const internals = parser as unknown as MailParserInternals
    parser.on('error', (error) => settle(error))
    parser.on('headers', (headers) => {
      mail.headers = headers
      mail.headerLines = internals.headerLines
    })
    let reading = false
    const reader = () => {
      reading = true
      const data = parser.read() as Record<string, unknown> | null
      if (data === null) {
        reading = false
        return
      }
      if (data.type === 'text') {
        for (const key of ['text', 'html', 'textAsHtml'] as const)
          if (key in data) (mail as Record<string, unknown>)[key] = data[key]
      }
      if (data.type !== 'attachment') return reader()
      const attachment = data as unknown as Omit<AttachmentStream, 'content'> & {
        content: Readable | Buffer | undefined
      }
      mail.attachments.push(attachment as unknown as Record<string, unknown>)
      const stream = attachment.content as Readable
      let chunks: Buffer[] | null = []
      let length = 0
      stream.on('readable', () => {
        let chunk: Buffer | null
        while ((chunk = stream.read() as Buffer | null) !== null) {
          length += chunk.length
          if (length > keepAttachmentBytes) chunks = null
          else chunks?.push(chunk)
        }
      })
      stream.on('end', () => {
        attachment.content = chunks ? Buffer.concat(chunks, length) : undefined
        attachment.release()
        reader()
      })
    }
    parser.on('readable', () => {
      if (!reading) reader()
    })
    parser.on('end', () => {
      const headers = mail.headers
      for (const key of HEADER_KEYS) {
        if (headers?.has(key))
          (mail as Record<string, unknown>)[key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] =
            headers.get(key)
      }
      internals.updateImageLinks(
        (attachment, done) =>
          done(false, `data:${attachment.contentType};base64,${attachment.content.toString('base64')}`),
        (error, html) => {
          if (error) return settle(error)
          ;(mail as Record<string, unknown>).html = html
          settle(null, mail as unknown as ParsedMail)
        }
      )
    })
    if (Buffer.isBuffer(input)) parser.end(input)
    else
      input
        .once('error', (error) => {
          input.destroy()
          parser.destroy()
          settle(error)
        })
        .pipe(parser)
  })
}

const HEADER_KEYS = [
  'subject',
  'references',
  'date',
  'to',
  'from',
  'cc',
  'bcc',
  'message-id',
  'in-reply-to',
  'reply-to'
]
