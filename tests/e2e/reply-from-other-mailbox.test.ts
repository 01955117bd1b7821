// Mail between the user's own mailboxes: Alice (personal) writes to Bob (work), both connected.
// Answered in Bob's mailbox, the reply goes to Alice, as it would to anyone else, not back to
// Bob himself (the core counts both addresses as the user's, so it files the mail as outgoing).
import { expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { addBobMailbox } from './fixtures/second-mailbox'

const mailbox = useQuoteMailbox()

const fromAlice = Buffer.from(
  [
    'From: Alice <alice@example.test>',
    'To: Bob <bob@example.test>',
    'Cc: Dewi <dewi@client.test>',
    'Subject: Contract for work',
    'Message-ID: <own-1@example.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    '',
    'Please print this at work.',
    ''
  ].join('\r\n')
)

it("answers mail from the user's other mailbox to that mailbox, from the box and from Reply all", async () => {
  const { page, app, server, relay } = mailbox()
  const bob = server.users[1]!
  await appendMessages(server, bob.user, bob.password, 'INBOX', [fromAlice])
  const id = await addBobMailbox(page, server, relay)
  await pageRpcValue(page, 'sync.run', { accountId: id })
  await app.openConversation('Contract for work')
  const label = page.locator('.reply-box__label')
  await expect.poll(() => label.textContent()).toBe('Reply to Alice')

  await page.getByTestId('message-reply-all').first().click()
  await expect.poll(() => label.textContent()).toBe('Reply to Alice and 1 other')
  expect(await page.getByTestId('reply-cc').textContent()).toBe('Cc: Dewi <dewi@client.test>')
  const text = `Printed ${Date.now()}`
  await page.getByTestId('reply-box').fill(text)
  await page.getByTestId('send-reply').click()
  await page.getByTestId('undo-send-now').click()
  const sent = () => relay.received.find((m) => m.raw.toString('utf8').includes(text))
  await expect.poll(sent, { timeout: 30_000 }).toBeTruthy()
  expect(sent()!.from).toBe('bob@example.test')
  expect(sent()!.to).toEqual(['alice@example.test', 'dewi@client.test'])
})
