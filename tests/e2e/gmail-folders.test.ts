// A Gmail mailbox in the real renderer: Dovecot laid out as Gmail's folders, where every message
// is also in "[Gmail]/All Mail" and there is no Archive. The message chip names the label or Sent
// Mail a message is in, not All Mail, and Archive is offered only in INBOX (archiving is leaving it).
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  connectMailbox,
  mailFromCarlos,
  MAILBOX_ADDRESS,
  type ConnectedMailbox
} from './fixtures/connected-mailbox'
import { SearchPage } from './pages/search-page'

const LABEL = 'Clients/Acme'
/** Sent from Gmail's web page: in Sent Mail and All Mail. */
const SENT = Buffer.from(
  `From: Alice <${MAILBOX_ADDRESS}>\r\nTo: Carlos Mendes <carlos@client.test>\r\nSubject: Samples on their way\r\n` +
    `Message-ID: <samples-1@example.test>\r\nDate: Tue, 3 Nov 2026 10:00:00 +0000\r\n\r\nThey left today.\r\n`
)

let mailbox: ConnectedMailbox
beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('quote', 'Quote for 40 chairs')],
    sent: [SENT],
    gmail: true
  })
  const { server, page, app } = mailbox
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  await server.doveadm(['mailbox', 'create', '-u', 'alice', LABEL])
  await page.getByTestId('sync-now').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})
afterAll(async () => {
  await mailbox?.stop()
})

it('names the label a message was moved to, where All Mail has it too', async () => {
  const { app } = mailbox
  await app.openConversation('Quote for 40 chairs')
  const message = app.messages.first()
  await message.getByTestId('message-move').selectOption({ label: LABEL })
  await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe(`In ${LABEL}`)
  // Out of INBOX, it is archived already: Archive would only take the label off.
  expect(await message.getByTestId('message-archive').count()).toBe(0)
  expect(await message.getByTestId('message-move').locator('option').allTextContents()).not.toContain(LABEL)
})

it('shows mail sent from another program in Sent, with no Archive, in the thread and in search', async () => {
  const { app, page } = mailbox
  await app.openConversation('Samples on their way')
  const message = app.messages.first()
  expect(await message.getByTestId('message-folder').textContent()).toBe('In Sent')
  expect(await message.getByTestId('message-archive').count()).toBe(0)
  const search = new SearchPage(page)
  await search.search('Samples')
  await expect
    .poll(() => search.results('message').allInnerTexts())
    .toEqual([expect.stringContaining('Alice · Sent')])
})
