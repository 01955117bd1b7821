import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ParsedAttachment } from '../../src-main/core/mail/message-parser'
import { MAX_INLINE_IMAGE_BYTES } from '../../src-main/core/queries/inline-images'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import { memoryWorkspace, message, store } from './fixtures/workspace'

const LOGO = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function newCache(): AttachmentCache {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-inline-'))
  const cache = new AttachmentCache(dir)
  cleanups.push(() => {
    cache.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return cache
}

/** A part as the parser gives it, its bytes already in the cache. */
function part(
  cache: AttachmentCache | null,
  bytes: Buffer,
  fields: Partial<ParsedAttachment>
): ParsedAttachment {
  return {
    filename: '',
    contentType: 'image/png',
    size: bytes.length,
    contentId: 'logo@x',
    disposition: 'inline',
    inline: true,
    cacheKey: cache ? cache.put(bytes) : null,
    ...fields
  }
}

/**
 * Stores one HTML message with these parts and reads its thread as the renderer gets it; each
 * image named by the attachment's file name.
 */
function shown(html: string, attachments: ParsedAttachment[]) {
  const ws = memoryWorkspace()
  const [threadId] = store(ws, message({ html, attachments }))
  const { messages } = new MailQueries(ws.db).getThread(threadId!)
  const [detail] = messages
  const names = new Map(
    (
      ws.db.prepare('SELECT id, filename FROM attachments').all() as Array<{ id: number; filename: string }>
    ).map((a) => [a.id, a.filename])
  )
  return {
    ...detail!,
    images: detail!.inlineImages.map((image) => ({ url: image.url, part: names.get(image.attachmentId) })),
    listed: detail!.attachments.map((a) => a.filename)
  }
}

describe('images an HTML body shows from its own parts (cid:)', () => {
  it('name the part holding each image (read once with attachments.read), and are not attachments', () => {
    const cache = newCache()
    const mail = shown('<p><img src="cid:logo@x"></p>', [
      part(cache, LOGO, { filename: 'logo.png' }),
      part(cache, Buffer.from('PDF'), {
        filename: 'terms.pdf',
        contentType: 'application/pdf',
        contentId: null,
        disposition: 'attachment',
        inline: false
      })
    ])
    expect(mail.images).toEqual([{ url: 'cid:logo@x', part: 'logo.png' }])
    expect(mail.listed).toEqual(['terms.pdf'])
    expect(mail.hasAttachments).toBe(true)
  })

  it('do not make a message count as having attachments', () => {
    const cache = newCache()
    const mail = shown('<img src="cid:logo@x">', [part(cache, LOGO, {})])
    expect(mail.listed).toEqual([])
    expect(mail.hasAttachments).toBe(false)
  })

  it('are found however the cid: URL writes the Content-ID (case, <>, %-escapes)', () => {
    const cache = newCache()
    const html = '<img src="CID:Logo@X"><td background="cid:%3Clogo%40x%3E">'
    const mail = shown(html, [part(cache, LOGO, { contentId: 'LOGO@x', filename: 'logo.png' })])
    expect(mail.images).toEqual([
      { url: 'CID:Logo@X', part: 'logo.png' },
      { url: 'cid:%3Clogo%40x%3E', part: 'logo.png' }
    ])
  })

  it('stay listed, to be saved, when they cannot be shown', () => {
    const cache = newCache()
    const html = '<img src="cid:big@x"><img src="cid:doc@x"><img src="cid:lost@x">'
    const mail = shown(html, [
      part(cache, LOGO, { filename: 'screenshot.png', contentId: 'big@x', size: MAX_INLINE_IMAGE_BYTES + 1 }),
      part(cache, Buffer.from('<svg'), {
        filename: 'doc.html',
        contentType: 'text/html',
        contentId: 'doc@x'
      }),
      part(null, LOGO, { filename: 'lost.png', contentId: 'lost@x' }),
      // Sent along in multipart/related, but the HTML never shows it.
      part(cache, LOGO, { filename: 'unused.png', contentId: 'unused@x' })
    ])
    expect(mail.images).toEqual([])
    expect(mail.listed).toEqual(['screenshot.png', 'doc.html', 'lost.png', 'unused.png'])
  })

  it('stay listed when the body names them only where they are not shown: in CSS or a link', () => {
    const cache = newCache()
    const html =
      '<td style="background-image:url(cid:bg@x)">x</td><style>p{background:url(cid:bg@x)}</style>' +
      '<a href="cid:report@x">report</a>'
    const mail = shown(html, [
      part(cache, LOGO, { filename: 'bg.png', contentId: 'bg@x' }),
      part(cache, LOGO, { filename: 'report.png', contentId: 'report@x' })
    ])
    expect(mail.images).toEqual([])
    expect(mail.listed).toEqual(['bg.png', 'report.png'])
  })

  it('stay listed when the sender marked them as attachments, and show in the body too', () => {
    const cache = newCache()
    const mail = shown('<img src="cid:logo@x">', [
      part(cache, LOGO, { filename: 'logo.png', disposition: 'attachment', inline: false })
    ])
    expect(mail.images).toEqual([{ url: 'cid:logo@x', part: 'logo.png' }])
    expect(mail.listed).toEqual(['logo.png'])
  })

  it('are listed as attachments when Rapport kept no copy of their bytes', () => {
    const mail = shown('<img src="cid:logo@x">', [part(null, LOGO, { filename: 'logo.png' })])
    expect(mail.images).toEqual([])
    expect(mail.listed).toEqual(['logo.png'])
  })
})
