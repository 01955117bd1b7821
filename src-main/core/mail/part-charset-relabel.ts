import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Joiner, Rewriter, Splitter, type MimeNode } from '@zone-eu/mailsplit'

/**
 * A copy of the raw message in which each part `candidate` picks, and `charsetOf` gives a charset
 * after reading its decoded body, names that charset in its Content-Type; null when none did.
 * mailparser reads a part with no MIME charset as UTF-8 and keeps no bytes, so parsing such a
 * copy is how it reads the part as the sender wrote it (html-charset-relabel.ts,
 * text-charset-relabel.ts).
 */
export async function relabelPartCharsets(
  raw: Buffer,
  candidate: (node: MimeNode) => boolean,
  charsetOf: (body: Buffer) => string | null
): Promise<Buffer | null> {
  let relabelled = 0
  const rewriter = new Rewriter(candidate)
  rewriter.on('node', ({ node, decoder, encoder }) => {
    const chunks: Buffer[] = []
    decoder.on('data', (chunk: Buffer) => chunks.push(chunk))
    decoder.on('end', () => {
      const body = Buffer.concat(chunks)
      const charset = charsetOf(body)
      if (charset) {
        // Still in time: the rewriter passes the node on with the first chunk of its new body.
        node.setCharset(charset)
        relabelled++
      }
      encoder.end(body)
    })
  })
  const output: Buffer[] = []
  await pipeline(Readable.from([raw]), new Splitter(), rewriter, new Joiner(), async (joined) => {
    for await (const chunk of joined) output.push(chunk as Buffer)
  })
  return relabelled > 0 ? Buffer.concat(output) : null
}
