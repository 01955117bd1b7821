// A reply sent while the mailbox is full, in the real renderer against Dovecot with a storage
// quota: the Outbox says the server kept no copy in Sent, in its words, and when Rapport saves the
// copy again on its own; once the user makes room, the copy is saved and the row goes.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { saveCopyAgain } from './fixtures/outbox-copy'

const QUOTA = 200_000
let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('first', 'Quote for 40 chairs')], quota: QUOTA })
  await mailbox.app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

/** Fills Alice's mailbox to 50 bytes under its quota, with one message in Archive. */
async function fillMailbox(): Promise<void> {
  const { server } = mailbox
  const alice = server.users[0]!
  // The quota counts each message's size with CRLF line ends (vsize); doveadm quota rounds to KiB.
  const sizes = await server.doveadm(['fetch', '-u', alice.user, 'size.virtual', 'all'])
  const used = [...sizes.matchAll(/size\.virtual: (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0)
  const head = 'From: bulk@example.test\r\nSubject: Big\r\nMessage-ID: <big@example.test>\r\n\r\n'
  await appendMessages(server, alice.user, alice.password, 'Archive', [
    head + 'x'.repeat(QUOTA - used - 50 - head.length)
  ])
}

it('says when it saves the copy again on its own, and saves it once there is room', async () => {
  const { page, app, server } = mailbox
  const alice = server.users[0]!
  await fillMailbox()
  await app.threadRow('Quote for 40 chairs').click()
  await app.messages.first().waitFor()
  await app.reply('The chairs ship on Monday.')
  await page.getByTestId('undo-toast').waitFor()
  await page.getByTestId('outbox-open').click()
  const row = page.getByTestId('outbox-item')
  await row.getByTestId('outbox-retry').click()
  await row.getByTestId('outbox-error').waitFor({ timeout: 20_000 })
  expect(await row.getByTestId('outbox-error').textContent()).toMatch(
    /^Sent to its recipients, but the server did not keep a copy in the Sent folder: .*quota/i
  )
  expect(await row.getByTestId('outbox-state').textContent()).toMatch(
    /^Sent · the copy is saved again on its own \S/
  )
  await app.screenshot('outbox-sent-copy-full')

  await server.doveadm(['expunge', '-u', alice.user, 'mailbox', 'Archive', 'all'])
  await saveCopyAgain(page, row, server, alice)
})
