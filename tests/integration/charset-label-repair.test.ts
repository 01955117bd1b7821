// Mail stored before charset labels were read as mail programs mean them (commit 915b37c), before
// raw 8-bit headers and file names were read in the message's charset, and before a multipart
// boundary with 8-bit bytes was found, keeps C1 controls or U+FFFD, or no body at all. Migration
// 0066 queues it and a sync pass reads the server's copy again (sync/charset-repair.ts). Here a
// real Dovecot holds the mail; each row is put back as the parser before those fixes stored it
// (read strictly as ISO-8859-1, as UTF-8, or as nothing: what it stored, checked against that
// parser), with its search entries, and queued by the migration's own SQL.
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { syntheticMessageId } from '../../src-main/core/mail/message-id'
import { reindexSearch } from '../../src-main/core/search/search-reindex'
import { normalizeSubject } from '../../src-main/core/threading/subject'
import { ThreadAggregates } from '../../src-main/core/threading/thread-aggregates'
import {
  asciiLabelledParts,
  eightBitBoundaryMail,
  OUTLOOK_TEXT,
  outlookBytes
} from '../support/legacy-charset-mail'
import { expungeByMessageId } from '../support/dovecot'
import { shownMessage, useSyncedMailboxes } from './fixtures/sync-mailbox'

const LABELS = bundledMigrations.find((m) => m.name.endsWith('_charset_label_reparse_queue.sql'))!
const syncedMailbox = useSyncedMailboxes()

const latin1 = (text: string) => Buffer.from(text, 'latin1')
const SENDER = '“Zoë” Ça'
const FILE = 'Präsentation “Q3” €.pdf'
const THAI = '“ขอบคุณ” €5 – ครับ'
const CHINESE = '您好，装箱单和发票已经寄出，请核对。'

const envelope = (id: string, contentType: string, subject: Buffer = latin1('Hello')) =>
  Buffer.concat([
    latin1(
      `From: sender@client.test\r\nTo: alice@example.test\r\nMessage-ID: <${id}@client.test>\r\nSubject: `
    ),
    subject,
    latin1(
      `\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n`
    )
  ])

/** Raw 8-bit windows-1252 From name and Subject in a message labelled iso-8859-1. */
const headers = Buffer.concat([
  latin1('From: '),
  iconv.encode(SENDER, 'windows-1252'),
  latin1(' <zoe@client.test>\r\nTo: alice@example.test\r\nMessage-ID: <headers@client.test>\r\nSubject: '),
  outlookBytes(),
  latin1('\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\n'),
  latin1('Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
  outlookBytes(),
  latin1('\r\n')
])

/** Text and HTML labelled us-ascii, holding windows-1252. */
const ascii = (id: string) =>
  Buffer.concat([envelope(id, 'multipart/alternative; boundary="b"'), latin1('\r\n'), asciiLabelledParts()])

/** A file named in raw windows-1252 bytes beside a text part labelled iso-8859-1. */
const named = Buffer.concat([
  envelope('named', 'multipart/mixed; boundary=b'),
  latin1('\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nsiehe Anhang\r\n--b\r\n'),
  latin1('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="'),
  iconv.encode(FILE, 'windows-1252'),
  latin1('"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n')
])

/** A raw 8-bit Thai Subject under tis-620, with windows-874's quotes, euro sign and dash. */
const thai = Buffer.concat([
  envelope('thai', 'text/plain; charset=tis-620', iconv.encode(THAI, 'windows-874')),
  latin1('\r\n'),
  iconv.encode(THAI, 'windows-874'),
  latin1('\r\n')
])

/** Chinese mail read right from the start: in UTF-8, with a file named in Chinese. */
const chinese = Buffer.concat([
  envelope(
    'chinese',
    'multipart/mixed; boundary=b',
    latin1(`=?UTF-8?B?${Buffer.from('发票').toString('base64')}?=`)
  ),
  latin1('\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
  Buffer.from(CHINESE),
  latin1('\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="'),
  Buffer.from('发票.pdf'),
  latin1('"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n')
])

type Box = Awaited<ReturnType<typeof syncedMailbox>>

/** The parts of a message's row the repair may change, and those it must keep. */
const rowOf = (box: Box, messageId: string) =>
  box.db
    .prepare(
      `SELECT id, thread_id, contact_id, flags_json, subject, from_name, body_text, body_html, snippet,
         has_attachments, (SELECT json_group_array(filename) FROM attachments WHERE message_pk = m.id) AS files
       FROM messages m WHERE message_id = ?`
    )
    .get(messageId) as Record<string, unknown> & { id: number; thread_id: number }

/** Puts a row back as the parser before the fixes stored it: these columns, and its files. */
function storedByOldParser(box: Box, messageId: string, columns: Record<string, unknown>, files?: string[]) {
  const { id } = rowOf(box, messageId)
  const set = Object.keys(columns).map((c) => `${c} = @${c}`)
  if (set.length > 0)
    box.db.prepare(`UPDATE messages SET ${set.join(', ')} WHERE id = @id`).run({ ...columns, id })
  if (files?.length === 0) box.db.prepare('DELETE FROM attachments WHERE message_pk = ?').run(id)
  else if (files) box.db.prepare('UPDATE attachments SET filename = ? WHERE message_pk = ?').run(files[0], id)
}

/** Threads, conversations and search as they stood then, built from the rows. */
function asStoredThen(box: Box) {
  const threads = box.db.prepare('SELECT id FROM threads').pluck().all() as number[]
  new ThreadAggregates(box.db).refresh(threads)
  for (const { id, subject } of box.db.prepare('SELECT id, subject FROM threads').all() as Array<{
    id: number
    subject: string
  }>)
    box.db
      .prepare('UPDATE threads SET normalized_subject = ? WHERE id = ?')
      .run(normalizeSubject(subject), id)
  reindexSearch(box.db)
}

const found = async (box: Box, query: string) =>
  (await box.fixture.call('search.messages', { query, limit: 100 })).hits.map((h) => h.messageId)

describe('mail stored before charset labels, raw 8-bit names and 8-bit boundaries were read right', () => {
  it('is queued by migration 0066 and read again from the server in place: shown, listed and found as sent', async () => {
    const box = await syncedMailbox('labelrepair', 0)
    for (const raw of [headers, ascii('ascii'), eightBitBoundaryMail('<boundary@client.test>'), named, thai])
      await box.other.append('INBOX', raw)
    await box.other.append('INBOX', ascii('gone'))
    await box.other.append('INBOX', chinese)
    // U+FFFD its sender's program wrote itself, in UTF-8: read again, no better, kept.
    const utf8Subject = Buffer.from('Broken \uFFFD byte')
    await box.other.append(
      'INBOX',
      Buffer.concat([envelope('utf8', 'text/plain; charset=utf-8', utf8Subject), latin1('\r\nok\r\n')])
    )
    await box.sync()

    // As the parser before 915b37c stored them. Raw 8-bit headers and file names read as strict
    // ISO-8859-1 (C1 controls for windows-1252's quotes, euro sign and dash) or TIS-620 (U+FFFD).
    const strictLatin1 = (text: string) => iconv.encode(text, 'windows-1252').toString('latin1')
    storedByOldParser(box, '<headers@client.test>', {
      subject: strictLatin1(OUTLOOK_TEXT),
      from_name: strictLatin1(SENDER)
    })
    storedByOldParser(box, '<named@client.test>', {}, [strictLatin1(FILE)])
    storedByOldParser(box, '<thai@client.test>', {
      subject: iconv.decode(iconv.encode(THAI, 'windows-874'), 'tis620')
    })
    // Parts labelled us-ascii read as UTF-8: U+FFFD for each windows-1252 byte.
    const asUtf8 = outlookBytes().toString('utf8')
    for (const id of ['<ascii@client.test>', '<gone@client.test>'])
      storedByOldParser(box, id, { body_text: asUtf8, body_html: `<p>${asUtf8}</p>`, snippet: asUtf8 })
    // Its boundary not found: no text, no HTML, no files.
    storedByOldParser(
      box,
      '<boundary@client.test>',
      { body_text: null, body_html: null, snippet: '', has_attachments: 0 },
      []
    )
    asStoredThen(box)
    const ids = ['headers', 'ascii', 'boundary', 'named', 'thai', 'gone', 'utf8'].map((id) =>
      box.messagePk(`<${id}@client.test>`)
    )
    const before = rowOf(box, '<headers@client.test>')
    expect(before.subject).toMatch(/[\u0080-\u009f]/)
    const gone = rowOf(box, '<gone@client.test>')
    const broken = rowOf(box, '<utf8@client.test>')
    expect(broken.subject).toBe('Broken \uFFFD byte')
    const chineseRow = rowOf(box, '<chinese@client.test>')
    expect(await found(box, 'Grüße')).toEqual([])
    expect(await found(box, 'Café')).toEqual(['<headers@client.test>'])
    // What the user did with the mail meanwhile stays: a flag, a comment on its conversation.
    await box.fixture.call('messages.setFlags', { messageIds: [before.id], flagged: true })
    const conversationId = box.db
      .prepare('SELECT id FROM conversations WHERE thread_id = ?')
      .pluck()
      .get(before.thread_id) as string
    await box.fixture.call('conversations.comment', { conversationId, body: 'Ask Zoë about the price' })
    const kept = rowOf(box, '<headers@client.test>')
    const fileIds = (id: string) =>
      box.db.prepare('SELECT id FROM attachments WHERE message_pk = ?').pluck().all(box.messagePk(id))
    const namedFiles = fileIds('<named@client.test>')

    box.db.exec(LABELS.sql)
    // The damaged ones: Chinese mail read right is not.
    expect(box.db.prepare('SELECT message_pk FROM reparse_queue ORDER BY message_pk').pluck().all()).toEqual(
      [...ids].sort((a, b) => a - b)
    )
    await expungeByMessageId(syncedMailbox.servers.server, box.user.user, '<gone@client.test>')

    await box.sync()

    expect(box.db.prepare('SELECT message_pk FROM reparse_queue').pluck().all()).toEqual([])
    const shown = async (id: string) => shownMessage(box, box.messagePk(`<${id}@client.test>`))
    const repaired = await shown('headers')
    expect([repaired.subject, repaired.from?.name]).toEqual([OUTLOOK_TEXT, SENDER])
    expect(rowOf(box, '<headers@client.test>')).toEqual({
      ...kept,
      subject: OUTLOOK_TEXT,
      from_name: SENDER
    })
    // Listed so, and its replies, read right, are matched to it by subject (thread-builder.ts).
    expect(
      box.db
        .prepare(
          `SELECT t.subject, t.normalized_subject AS normalized, c.sender FROM threads t
           JOIN conversations c ON c.thread_id = t.id WHERE t.id = ?`
        )
        .get(before.thread_id)
    ).toEqual({ subject: OUTLOOK_TEXT, normalized: normalizeSubject(OUTLOOK_TEXT), sender: SENDER })
    const timeline = await box.fixture.call('conversations.timeline', { conversationId })
    expect(timeline.filter((e) => e.kind === 'comment')).toHaveLength(1)
    const asciiShown = await shown('ascii')
    expect([asciiShown.text?.trim(), asciiShown.html?.trim()]).toEqual([
      OUTLOOK_TEXT,
      `<p>${OUTLOOK_TEXT}</p>`
    ])
    const bounded = await shown('boundary')
    expect(bounded.text?.trim().split(/\r?\n/)[0]).toBe('Grüße aus Köln')
    expect(bounded.attachments.map((a) => a.filename)).toEqual(['angebot.pdf'])
    expect((await shown('named')).attachments.map((a) => a.filename)).toEqual([FILE])
    // The same file, renamed: its row (and bytes kept offline) stay.
    expect(fileIds('<named@client.test>')).toEqual(namedFiles)
    expect((await shown('thai')).subject).toBe(THAI)
    expect(rowOf(box, '<ascii@client.test>').snippet).toBe(OUTLOOK_TEXT)
    expect(await found(box, 'Grüße')).toEqual(['<boundary@client.test>'])
    expect((await found(box, 'Café')).sort()).toEqual(['<ascii@client.test>', '<headers@client.test>'])
    expect(await found(box, 'Präsentation')).toEqual(['<named@client.test>'])
    expect(await found(box, 'ขอบคุณ')).toEqual(['<thai@client.test>'])
    // No copy left on the server, or read the same: kept as it was. Chinese mail untouched.
    expect(rowOf(box, '<gone@client.test>')).toEqual(gone)
    expect(rowOf(box, '<utf8@client.test>')).toEqual(broken)
    expect(rowOf(box, '<chinese@client.test>')).toEqual(chineseRow)
    expect(
      box.fixture.lastEvent<{ tables: string[]; ids: number[] }>(
        'changed',
        (p) => p.tables.includes('messages') && p.ids.includes(before.thread_id)
      )
    ).not.toBeNull()
  })

  it('repairs the subject of mail without a Message-ID, whose made-up id was made of the subject as then read', async () => {
    const box = await syncedMailbox('labelrepairnoid', 0)
    // Rapport's id for it hashes its subject (syntheticMessageId): read right today, the copy on
    // the server comes out under another id than the one stored.
    const raw = Buffer.concat([
      latin1('From: sender@client.test\r\nTo: alice@example.test\r\nSubject: '),
      outlookBytes(),
      latin1('\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\n'),
      latin1('Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nok\r\n')
    ])
    await box.other.append('INBOX', raw)
    await box.sync()
    const today = box.db.prepare('SELECT id, message_id, date, size FROM messages').get() as {
      id: number
      message_id: string
      date: number
      size: number
    }
    // As the parser before 915b37c stored it: the subject read as strict ISO-8859-1, and the id
    // made of that subject.
    const oldSubject = outlookBytes().toString('latin1')
    const oldId = syntheticMessageId({
      date: today.date,
      from: 'sender@client.test',
      subject: oldSubject,
      size: today.size
    })
    expect(oldId).not.toBe(today.message_id)
    box.db
      .prepare('UPDATE messages SET subject = ?, message_id = ? WHERE id = ?')
      .run(oldSubject, oldId, today.id)
    asStoredThen(box)
    box.db.exec(LABELS.sql)
    expect(box.db.prepare('SELECT message_pk FROM reparse_queue').pluck().all()).toEqual([today.id])

    await box.sync()

    expect(box.db.prepare('SELECT message_pk FROM reparse_queue').pluck().all()).toEqual([])
    expect((await shownMessage(box, today.id)).subject).toBe(OUTLOOK_TEXT)
  })
})
