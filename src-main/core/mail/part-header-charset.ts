// A MIME part's header lines sent as raw 8-bit bytes, as old Windows mailers name an attachment
// (filename="Präsentation.pdf" in windows-1252 or GBK, no RFC 2231 or 2047): mailparser reads
// them as UTF-8, or mailsplit as Latin-1, and "Pr€sentation.pdf" was listed, found and saved as
// "Prsentation.pdf", "发票.pdf" as "·¢Æ±.pdf". As for the top-level header (header-charset.ts),
// such lines are read in the message's legacy charset in a copy of it, which is parsed again.
import { isUtf8 } from 'node:buffer'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Headers, Joiner, Splitter, type MimeNode } from '@zone-eu/mailsplit'
import type { ParsedMail } from 'mailparser'
import { legacyCharsetOf, utf8Lines } from './header-charset'

/** The part headers an attachment's listed name and type are read from. */
const NAMING_HEADERS = ['content-type', 'content-disposition']

/**
 * Whether mailparser read a header naming an attachment that was not UTF-8: it keeps U+FFFD
 * there (in its decoded header values, whatever name mailsplit made of the bytes). A look at
 * each attachment's two header values is all that mail with none costs.
 */
export function partHeadersMisread(mail: ParsedMail): boolean {
  return mail.attachments.some((attachment) =>
    NAMING_HEADERS.some((key) => JSON.stringify(attachment.headers?.get(key) ?? '').includes('\uFFFD'))
  )
}

/**
 * The raw message with each part header line that is not UTF-8 read in the message's legacy
 * charset (legacyCharsetOf) and written as UTF-8; null when every part's header is UTF-8. Bodies
 * are passed on as they are, and mailsplit bounds the parts and header sizes it reads.
 */
export async function utf8PartHeaderLines(raw: Buffer): Promise<Buffer | null> {
  const charset = legacyCharsetOf(raw)
  let rewritten = 0
  const rewrite = new Transform({
    objectMode: true,
    transform(chunk: { type?: string }, _encoding, done) {
      if (chunk.type === 'node') {
        const node = chunk as MimeNode
        const head = node.headers ? node.headers.headers : false
        if (Buffer.isBuffer(head) && !isUtf8(head)) {
          // The joiner writes a node's unchanged headers byte for byte, so a new raw block is all.
          node.headers = new Headers(utf8Lines(head, charset))
          rewritten++
        }
      }
      done(null, chunk)
    }
  })
  const output: Buffer[] = []
  await pipeline(Readable.from([raw]), new Splitter(), rewrite, new Joiner(), async (joined) => {
    for await (const chunk of joined) output.push(chunk as Buffer)
  })
  return rewritten > 0 ? Buffer.concat(output) : null
}
