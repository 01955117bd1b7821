// Forward of mail whose HTML body shows pictures of its own (cid: parts, a newsletter's or a
// signature's), against the real stack. New message writes plain text, so the pictures go along
// as files: they were left behind, being kept out of the message's attachment list. And a forward
// over the 25 MB limit is refused on the sizes Rapport stored, before any of its bytes are read.
import { simpleParser } from 'mailparser'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SmtpRelay } from '../support/smtp-relay'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let relay: SmtpRelay
let page: Page
let app: AppPage

const MB = 1024 * 1024
/** Bytes of every value, so an image that went through as text (or was cut) would not compare equal. */
const bytes = (length: number, seed: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (i * seed + 3) % 256))
const LOGO = bytes(1500, 7)
const PHOTO = bytes(2500, 11)

/** Base64 in lines of 76, as mail carries it. */
const base64Lines = (data: Buffer) => data.toString('base64').replace(/.{76}/g, '$&\r\n')

function mail(id: string, subject: string, parts: string[]): Buffer {
  return Buffer.from(
    [
      'From: Carlos Mendes <carlos@client.test>',
      `To: ${MAILBOX_ADDRESS}`,
      `Subject: ${subject}`,
      `Message-ID: <${id}@client.test>`,
      'Date: Mon, 2 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      ...parts,
      ''
    ].join('\r\n')
  )
}

/** An HTML newsletter showing a named logo and a picture whose part has no name. */
const newsletter = mail('news1', 'Our new chairs', [
  'Content-Type: multipart/related; boundary="r1"',
  '',
  '--r1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>The new chairs are here.</p><img src="cid:logo@client.test"><img src="cid:photo@client.test">',
  '--r1',
  'Content-Type: image/png; name="logo.png"',
  'Content-Disposition: inline; filename="logo.png"',
  'Content-ID: <logo@client.test>',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(LOGO),
  '--r1',
  'Content-Type: image/png',
  'Content-ID: <photo@client.test>',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(PHOTO),
  '--r1--'
])

/** 20 MB of scans and a 6 MB picture in the body: 26 MB, over the limit only with the picture. */
const scans = mail('scans1', 'Scans of the hall', [
  'Content-Type: multipart/mixed; boundary="m1"',
  '',
  '--m1',
  'Content-Type: multipart/related; boundary="r2"',
  '',
  '--r2',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>The scans, and the hall:</p><img src="cid:hall@client.test">',
  '--r2',
  'Content-Type: image/jpeg; name="hall.jpg"',
  'Content-ID: <hall@client.test>',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(Buffer.alloc(6 * MB, 1)),
  '--r2--',
  '--m1',
  'Content-Type: application/octet-stream; name="scans.bin"',
  'Content-Disposition: attachment; filename="scans.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(Buffer.alloc(20 * MB, 2)),
  '--m1--'
])

/** The attachments.read the page asked for, by attachment id, in order. */
const reads: number[] = []

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [newsletter, scans],
    prepare: (context) =>
      context.routeWebSocket(/\/rpc\b/, (ws) => {
        const server = ws.connectToServer()
        ws.onMessage((message) => {
          const frame = JSON.parse(String(message)) as { command?: string; input?: { attachmentId?: number } }
          if (frame.command === 'attachments.read') reads.push(frame.input!.attachmentId!)
          server.send(message)
        })
        server.onMessage((message) => ws.send(message))
      })
  })
  ;({ relay, page, app } = mailbox)
  await app.threadRows.first().waitFor()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 120_000 })
}, 180_000)

afterAll(async () => {
  await mailbox?.stop()
})

type Detail = { attachments: Array<{ id: number }>; inlineImages: Array<{ attachmentId: number }> }

/** The only message of the conversation with this subject, as the core gives it. */
async function messageOf(subject: string): Promise<Detail> {
  const threads = (await pageRpcValue(page, 'threads.list', {})) as Array<{ id: number; subject: string }>
  const thread = threads.find((t) => t.subject === subject)!
  const { messages } = (await pageRpcValue(page, 'threads.get', { threadId: thread.id })) as {
    messages: Detail[]
  }
  return messages[0]!
}

it('refuses a forward over 25 MB, counting the pictures of its body, without reading its files', async () => {
  const message = await messageOf('Scans of the hall')
  expect(message.inlineImages).toHaveLength(1)
  await app.openConversation('Scans of the hall')
  await page.getByTestId('message-forward').click()
  await expect
    .poll(() => page.getByTestId('message-forward-error').textContent())
    .toMatch(/^Attachments can total at most 25 MB/)
  expect(await app.composer.count()).toBe(0)
  // The reading pane reads the picture to show it; the 20 MB of scans are never asked for.
  expect(reads).not.toContain(message.attachments[0]!.id)
})

it('forwards the pictures of an HTML body as files, a nameless one named for its type', async () => {
  await app.openConversation('Our new chairs')
  await page.getByTestId('message-forward').click()
  const composer = app.composer
  await composer.waitFor()
  await expect.poll(() => app.attachmentNames(composer)).toHaveLength(2)
  const names = await app.attachmentNames(composer)
  expect(names.map((name) => name.split(' · ')[0])).toEqual(['logo.png', 'image.png'])

  const note = `The chairs ${Date.now()}`
  await page.getByTestId('composer-to').fill('zoe@partner.test')
  await page.getByTestId('composer-text').press('Control+Home')
  await page.getByTestId('composer-text').pressSequentially(note)
  await page.getByTestId('composer-send').click()
  await page.getByTestId('undo-send-now').click()
  const sent = () => relay.received.find((m) => m.raw.toString('utf8').includes(note))
  await expect.poll(sent, { timeout: 30_000 }).toBeTruthy()
  const parsed = await simpleParser(sent()!.raw)
  expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
    ['logo.png', 'image/png'],
    ['image.png', 'image/png']
  ])
  expect(Buffer.compare(parsed.attachments[0]!.content, LOGO)).toBe(0)
  expect(Buffer.compare(parsed.attachments[1]!.content, PHOTO)).toBe(0)
})
