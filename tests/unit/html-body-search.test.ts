import { describe, expect, it } from 'vitest'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { ensureSearchIndex } from '../../src-main/core/search/search-reindex'
import { memoryWorkspace, message } from './fixtures/workspace'

/** A receipt as shops send it: HTML and an inline logo, no text part. */
const htmlWithInlineImage = (multipart: 'mixed' | 'related', id: string) =>
  Buffer.from(
    [
      'From: shop@x.test',
      'To: me@rapport.test',
      'Subject: Your order',
      `Message-ID: <${id}@x.test>`,
      'Date: Mon, 01 Jan 2024 10:00:00 +0000',
      'MIME-Version: 1.0',
      `Content-Type: multipart/${multipart}; boundary="B"`,
      '',
      '--B',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Your <b>zebrafish</b> tank ships today</p>',
      '--B',
      'Content-Type: image/png',
      'Content-ID: <logo>',
      'Content-Disposition: inline; filename=logo.png',
      '',
      'AAAA',
      '--B--',
      ''
    ].join('\r\n')
  )

describe('HTML bodies with no text part', () => {
  it.each(['mixed', 'related'] as const)(
    'are made text when the HTML is in multipart/%s',
    async (multipart) => {
      const parsed = await parseMessage(htmlWithInlineImage(multipart, multipart))
      expect(parsed.text).toContain('Your zebrafish tank ships today')
      expect(parsed.html).toContain('<b>zebrafish</b>')
      const ws = memoryWorkspace()
      ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed }])
      const hits = new MessageSearch(ws.db).search({ query: 'zebrafish' }).hits
      expect(hits.map((h) => h.messageId)).toEqual([`<${multipart}@x.test>`])
    }
  )

  it('are indexed from the HTML when mail stored without its text is reindexed', () => {
    const ws = memoryWorkspace()
    // As an older parser stored it: the HTML and no text.
    const stored = message({
      text: null,
      html: '<p>Your <b>zebrafish</b> tank</p>',
      snippet: 'Your zebrafish tank'
    })
    ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed: stored }])
    ws.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('search_index_version', '3')").run()
    expect(ensureSearchIndex(ws.db)).toBe(true)
    const hits = new MessageSearch(ws.db).search({ query: 'zebrafish' }).hits
    expect(hits.map((h) => h.messageId)).toEqual([stored.messageId])
  })

  it('never finds mail by the names of the images its HTML shows, also after a reindex', async () => {
    const ws = memoryWorkspace()
    // The logo is named 标志.png: two Chinese characters are below trigrams, so searching them
    // (with a clause to bound it) scans the stored names row by row.
    const raw = htmlWithInlineImage('related', 'logo')
      .toString()
      .replace('filename=logo.png', "filename*=UTF-8''%E6%A0%87%E5%BF%97.png")
    const parsed = await parseMessage(Buffer.from(raw))
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['标志.png'])
    ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed }])
    const found = (query: string) => new MessageSearch(ws.db).search({ query }).hits.length
    expect({ word: found('标志.png'), short: found('标志 from:shop') }).toEqual({ word: 0, short: 0 })
    ws.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('search_index_version', '3')").run()
    expect(ensureSearchIndex(ws.db)).toBe(true)
    expect({ word: found('标志.png'), zebrafish: found('zebrafish') }).toEqual({ word: 0, zebrafish: 1 })
  })
})
