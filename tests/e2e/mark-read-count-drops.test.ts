// The reading pane marks a conversation read when it opens and when new mail arrives in it, but
// not when the user marked a message unread: neither while reading, nor when the conversation
// then loses a message (deleted by another mail program, expunged from Trash).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openTestImap } from '../support/imap-probe'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpc } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

const IDS = ['<ship-1@client.test>', '<ship-2@client.test>', '<ship-3@client.test>']
const SUBJECT = 'Delivery schedule'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  const raw = IDS.map(
    (id, i) =>
      `From: Carlos Mendes <carlos@client.test>\r\nTo: ${MAILBOX_ADDRESS}\r\n` +
      `Subject: ${i === 0 ? SUBJECT : `Re: ${SUBJECT}`}\r\n` +
      (i > 0 ? `In-Reply-To: ${IDS[i - 1]}\r\nReferences: ${IDS.slice(0, i).join(' ')}\r\n` : '') +
      `Message-ID: ${id}\r\nDate: Mon, 2 Nov 2026 0${i}:00:00 +0000\r\n\r\nHello from Carlos (${i + 1}).\r\n`
  )
  mailbox = await connectMailbox({ mail: raw.map((r) => Buffer.from(r)) })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

async function withInbox<T>(
  work: (client: Awaited<ReturnType<typeof openTestImap>>) => Promise<T>
): Promise<T> {
  const client = await openTestImap(mailbox.server, mailbox.server.users[0]!)
  try {
    const lock = await client.getMailboxLock('INBOX')
    try {
      return await work(client)
    } finally {
      lock.release()
    }
  } finally {
    await client.logout()
  }
}

const seen = (messageId: string) =>
  withInbox(async (client) => {
    const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || []
    const message = uids.length
      ? await client.fetchOne(String(uids[0]), { flags: true }, { uid: true })
      : null
    return message ? (message.flags ?? new Set()).has('\\Seen') : null
  })

it('keeps a message marked unread when the conversation then loses another message', async () => {
  await app.openConversation(SUBJECT)
  await expect.poll(() => app.messages.count()).toBe(3)
  for (const id of IDS) await expect.poll(() => seen(id), { timeout: 10_000 }).toBe(true)

  // The user marks the first message unread, to come back to it.
  const first = app.messages.first()
  await expect.poll(() => first.getByTestId('message-toggle-read').textContent()).toBe('Mark unread')
  await first.getByTestId('message-toggle-read').click()
  await expect.poll(() => app.threadRow(SUBJECT).getAttribute('data-unread')).toBe('true')
  await expect.poll(() => seen(IDS[0]!), { timeout: 10_000 }).toBe(false)

  // The newest message is split off into a conversation of its own (from another window: the
  // same happens when Trash is purged of it, or sync moves it away).
  const listed = (await pageRpc(page, 'messages.list', { folder: 'INBOX' })).value as Array<{
    id: number
    messageId: string
  }>
  const newest = listed.find((m) => m.messageId === IDS[2])!
  expect((await pageRpc(page, 'threads.split', { messageId: newest.id })).ok).toBe(true)
  await expect.poll(() => app.messages.count(), { timeout: 10_000 }).toBe(2)

  // Still unread: losing a message is no new mail to read. The pane's mark-read would have gone
  // to the core as it showed two messages, before this look (a connection opened after it), and
  // the core marks locally at once.
  const after = (await pageRpc(page, 'messages.list', { folder: 'INBOX' })).value as Array<{
    messageId: string
    unread: boolean
  }>
  expect(after.find((m) => m.messageId === IDS[0])?.unread).toBe(true)
  expect(await app.threadRows.and(page.locator('.is-open')).getAttribute('data-unread')).toBe('true')
})
