// Who replies and new messages go to, in the real renderer: an IDN sender, Reply-To, a
// follow-up to all of our own message's recipients, and names in the To field.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { SmtpRelay } from '../support/smtp-relay'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let relay: SmtpRelay
let page: Page
let app: AppPage

const mail = (id: string, subject: string, ...headers: string[]) =>
  Buffer.from(
    [
      ...headers,
      `Subject: ${subject}`,
      `Message-ID: <${id}>`,
      'Date: Mon, 2 Nov 2026 09:00:00 +0000',
      '',
      'Hello.',
      ''
    ].join('\r\n')
  )

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [
      mail(
        'idn1@xn--mller-kva.de',
        'Anfrage',
        'From: Jens <info@xn--mller-kva.de>',
        `To: ${MAILBOX_ADDRESS}`
      ),
      mail(
        'form1@shop.test',
        'Quote request',
        'From: Website Form <noreply@shop.test>',
        'Reply-To: Customer Carla <carla@customer.test>',
        `To: ${MAILBOX_ADDRESS}`
      ),
      mail(
        'out1@example.test',
        'Proposal',
        `From: Alice <${MAILBOX_ADDRESS}>`,
        'To: Carla <carla@customer.test>, Dewi <dewi@customer.test>',
        'Cc: Boss <boss@customer.test>'
      )
    ]
  })
  ;({ relay, page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

/** Sends without waiting out the undo delay; the envelope recipients the server was given. */
async function sendNowAndGetRecipients(text: string): Promise<string[]> {
  await page.getByTestId('undo-send-now').click()
  await expect.poll(() => relay.received.find((m) => m.raw.toString('utf8').includes(text))).toBeTruthy()
  return relay.received.find((m) => m.raw.toString('utf8').includes(text))!.to
}

it('replies to a sender on an IDN domain, writing the domain in its ASCII form', async () => {
  await app.threadRow('Anfrage').click()
  await page.locator('.reply-box__label', { hasText: 'Reply to Jens' }).waitFor()
  const text = `Danke ${Date.now()}`
  await app.reply(text)
  // The relay (smtp-server) gives RCPT TO's domain back in Unicode; the header shows what went.
  expect(await sendNowAndGetRecipients(text)).toEqual(['info@müller.de'])
  const sent = relay.received.find((m) => m.raw.toString('utf8').includes(text))!.raw.toString('utf8')
  expect(sent).toMatch(/^To: Jens <info@xn--mller-kva\.de>$/m)
})

it('replies to the Reply-To of a contact form, not to its sender', async () => {
  await app.threadRow('Quote request').click()
  await page.locator('.reply-box__label', { hasText: 'Reply to Customer Carla' }).waitFor()
})

it('sends a follow-up to our own message to all of its recipients, and says so', async () => {
  await app.threadRow('Proposal').click()
  await page.locator('.reply-box__label', { hasText: 'Reply to Carla and 2 others' }).waitFor()
  const text = `Any questions? ${Date.now()}`
  await app.reply(text)
  expect(await sendNowAndGetRecipients(text)).toEqual([
    'carla@customer.test',
    'dewi@customer.test',
    'boss@customer.test'
  ])
})

it('takes names in the To field of a new message, and names an address it refuses', async () => {
  await page.getByTestId('new-message').click()
  await page.getByTestId('composer-to').fill('"Smith, John" <john@client.test>, Ana <a@b.c>')
  await page.getByTestId('composer-subject').fill('Names')
  const text = `Names in To ${Date.now()}`
  await page.getByTestId('composer-text').fill(text)
  await page.getByTestId('composer-send').click()
  await page.getByText('“Ana <a@b.c>” is not a valid email address.').waitFor()
  await page.getByTestId('composer-to').fill('"Smith, John" <john@client.test>, Ana <ana@client.test>')
  await page.getByTestId('composer-send').click()
  expect(await sendNowAndGetRecipients(text)).toEqual(['john@client.test', 'ana@client.test'])
  const sent = relay.received.find((m) => m.raw.toString('utf8').includes(text))!.raw.toString('utf8')
  expect(sent).toMatch(/^To: "Smith, John" <john@client\.test>, Ana <ana@client\.test>$/m)
})
