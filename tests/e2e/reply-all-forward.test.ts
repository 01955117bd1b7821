// Reply all and Forward on a message's action bar (and the keys Shift+R and f), against the real
// stack: what the SMTP relay received is what went out.
import { simpleParser } from 'mailparser'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Draft } from '../../src-preload/contract'
import { expectAnsweredOnServer } from './fixtures/answered-flag'
import type { RelayedMessage, SmtpRelay } from '../support/smtp-relay'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let relay: SmtpRelay
let page: Page
let app: AppPage

/** Bytes of every value, so a file that went through as text (or was cut) would not compare equal. */
const FILE_BYTES = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) % 256))

/** Carlos to Alice and Dewi, Boss in Cc: whom Reply all should reach. */
const toMany = Buffer.from(
  [
    'From: Carlos Mendes <carlos@client.test>',
    `To: Alice <${MAILBOX_ADDRESS}>, Dewi <dewi@client.test>`,
    'Cc: boss@client.test',
    'Subject: Chairs for the hall',
    'Message-ID: <many1@client.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    '',
    'Who else needs chairs?',
    ''
  ].join('\r\n')
)

/** Carlos's quote with a file, to forward. */
const withFile = Buffer.from(
  [
    'From: Carlos Mendes <carlos@client.test>',
    `To: ${MAILBOX_ADDRESS}`,
    'Cc: Dewi <dewi@client.test>',
    'Subject: Quote with drawings',
    'Message-ID: <file1@client.test>',
    'Date: Mon, 2 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The drawings are attached.',
    '--b1',
    'Content-Type: application/octet-stream; name="drawings.bin"',
    'Content-Disposition: attachment; filename="drawings.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    FILE_BYTES.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b1--',
    ''
  ].join('\r\n')
)

/** Carlos asks, in a thread begun before this mailbox had it (References names its start). */
const venueAsked = Buffer.from(
  [
    'From: Carlos Mendes <carlos@client.test>',
    `To: ${MAILBOX_ADDRESS}`,
    'Subject: Venue for the offsite',
    'Message-ID: <venue1@client.test>',
    'References: <venue0@client.test>',
    'In-Reply-To: <venue0@client.test>',
    'Date: Tue, 3 Nov 2026 09:00:00 +0000',
    '',
    'Which venue do you prefer?',
    ''
  ].join('\r\n')
)

/** Dewi answers him from a German mail program (AW:): the conversation's newest message. */
const venueAnswered = Buffer.from(
  [
    'From: Dewi <dewi@client.test>',
    `To: Carlos Mendes <carlos@client.test>, ${MAILBOX_ADDRESS}`,
    'Subject: AW: Venue for the offsite',
    'Message-ID: <venue2@client.test>',
    'References: <venue0@client.test> <venue1@client.test>',
    'In-Reply-To: <venue1@client.test>',
    'Date: Tue, 3 Nov 2026 10:00:00 +0000',
    '',
    'The one by the lake.',
    ''
  ].join('\r\n')
)

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [toMany, withFile, venueAsked, venueAnswered] })
  ;({ relay, page, app } = mailbox)
  await app.threadRows.first().waitFor()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

/** Sends without waiting out the undo delay; what the relay received with `text` in it. */
async function sendNow(text: string): Promise<RelayedMessage> {
  await page.getByTestId('undo-send-now').click()
  const sent = () => relay.received.find((m) => m.raw.toString('utf8').includes(text))
  await expect.poll(sent, { timeout: 30_000 }).toBeTruthy()
  return sent()!
}

const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)

it('replies to all: the sender in To, the other recipients in Cc, not the user, in the same conversation', async () => {
  await app.openConversation('Chairs for the hall')
  await page.getByTestId('message-reply-all').click()
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Mendes and 2 others' }).waitFor()
  await expect
    .poll(() => page.getByTestId('reply-cc').textContent())
    .toBe('Cc: Dewi <dewi@client.test>, boss@client.test')
  await app.screenshot('reply-all-box')
  // The keys go to the reply's text.
  expect(await focusedTestId()).toBe('reply-box')
  const text = `Everyone is welcome ${Date.now()}`
  await page.keyboard.type(text)
  await page.getByTestId('send-reply').click()
  const sent = await sendNow(text)
  expect(sent.to).toEqual(['carlos@client.test', 'dewi@client.test', 'boss@client.test'])
  const parsed = await simpleParser(sent.raw)
  const header = (name: string) => sent.raw.toString('utf8').match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1]
  expect(header('To')).toBe('Carlos Mendes <carlos@client.test>')
  expect(header('Cc')).toBe('Dewi <dewi@client.test>, boss@client.test')
  expect(sent.raw.toString('utf8')).not.toMatch(/^(To|Cc):.*alice@example\.test/im)
  expect(parsed.inReplyTo).toBe('<many1@client.test>')
  expect(parsed.subject).toBe('Re: Chairs for the hall')
  // Threaded: the reply shows in the conversation it answers.
  await app.threadView.getByTestId('message').nth(1).waitFor()
  await expect.poll(() => app.threadView.getByTestId('message').count()).toBe(2)
})

it("Reply on an earlier message answers that message's sender, not the conversation's usual recipients", async () => {
  await app.openConversation('Chairs for the hall')
  // The usual: a follow-up to all of Alice's reply's recipients.
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Mendes and 2 others' }).waitFor()
  const first = app.threadView.getByTestId('message').first()
  expect(await first.getAttribute('data-expanded')).toBe('true')
  await first.getByTestId('message-reply').click()
  await page.locator('.reply-box__label', { hasText: /^Reply to Carlos Mendes$/ }).waitFor()
  await page.getByText('Recipients of the message you are answering.').waitFor()
  expect(await focusedTestId()).toBe('reply-box')
  const text = `Just to you ${Date.now()}`
  await page.keyboard.type(text)
  await page.getByTestId('send-reply').click()
  const sent = await sendNow(text)
  expect(sent.to).toEqual(['carlos@client.test'])
  expect(sent.raw.toString('utf8')).not.toMatch(/^Cc:/m)
  await expect.poll(() => app.threadView.getByTestId('message').count()).toBe(3)
})

it('Reply on an earlier message threads under that message and marks it answered, not the newest, after a reload too', async () => {
  await app.openConversation('Venue for the offsite')
  const messages = app.threadView.getByTestId('message')
  await expect.poll(() => messages.count()).toBe(2)
  const first = messages.first()
  expect(await first.getAttribute('data-expanded')).toBe('true')
  await first.getByTestId('message-reply').click()
  await page.locator('.reply-box__label', { hasText: /^Reply to Carlos Mendes$/ }).waitFor()
  const text = `The lake suits me ${Date.now()}`
  await page.keyboard.type(text)
  // Kept as a draft and the page loaded again (as after a restart): still Carlos's message answered.
  const keptTexts = async () => ((await pageRpcValue(page, 'drafts.list', {})) as Draft[]).map((d) => d.text)
  await expect.poll(keptTexts, { timeout: 5_000 }).toContain(text)
  await page.reload()
  await app.openConversation('Venue for the offsite')
  await expect.poll(() => page.getByTestId('reply-box').inputValue(), { timeout: 5_000 }).toBe(text)
  await page.locator('.reply-box__label', { hasText: /^Reply to Carlos Mendes$/ }).waitFor()
  await page.getByText('Recipients of the message you are answering.').waitFor()
  await page.getByTestId('send-reply').click()
  const sent = await sendNow(text)
  expect(sent.to).toEqual(['carlos@client.test'])
  const parsed = await simpleParser(sent.raw)
  // Carlos's message, not Dewi's newer one: its id, its References and it, its subject.
  expect(parsed.inReplyTo).toBe('<venue1@client.test>')
  expect(parsed.references).toEqual(['<venue0@client.test>', '<venue1@client.test>'])
  expect(parsed.subject).toBe('Re: Venue for the offsite')
  await expect.poll(() => messages.count()).toBe(3)
  // The Answered flag goes to the message answered, on the server too.
  await expectAnsweredOnServer(mailbox, '<venue1@client.test>', '<venue2@client.test>')
})

it('Shift+R fills the recipients of the newest message and keeps the text being written', async () => {
  await app.openConversation('Quote with drawings')
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Mendes' }).waitFor()
  await page.getByTestId('reply-box').fill('Thanks, I will')
  // Out of the text (keys typed there are the user's words), onto the page.
  await page.keyboard.press('Tab')
  expect(await focusedTestId()).not.toBe('reply-box')
  await page.keyboard.press('Shift+R')
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Mendes and 1 other' }).waitFor()
  expect(await page.getByTestId('reply-box').inputValue()).toBe('Thanks, I will')
  expect(await focusedTestId()).toBe('reply-box')
  // Back to the usual recipients: Carlos alone, no Cc.
  await page.getByTestId('reply-usual-recipients').click()
  await page.locator('.reply-box__label', { hasText: /^Reply to Carlos Mendes$/ }).waitFor()
  expect(await page.getByTestId('reply-cc').count()).toBe(0)
  await page.getByTestId('reply-box').fill('')
})

it('forwards a message with its text, a header block and its file, setting aside a message being written', async () => {
  // A new message being written is set aside, not lost.
  await page.getByTestId('new-message').click()
  await page.getByTestId('composer-subject').fill('Half-written note')
  await page.getByTestId('composer').getByRole('button', { name: 'Close' }).click()
  await app.openConversation('Quote with drawings')
  await page.getByTestId('message-forward').click()
  const composer = page.getByTestId('composer')
  await composer.waitFor()
  await expect.poll(() => page.getByTestId('composer-subject').inputValue()).toBe('Fwd: Quote with drawings')
  expect(await page.getByTestId('composer-to').inputValue()).toBe('')
  await expect.poll(focusedTestId).toBe('composer-to')
  const body = await page.getByTestId('composer-text').inputValue()
  expect(body.startsWith('\n')).toBe(true)
  expect(body).toContain(
    ['---------- Forwarded message ---------', 'From: Carlos Mendes <carlos@client.test>'].join('\n')
  )
  expect(body).toContain(
    'Subject: Quote with drawings\nTo: alice@example.test\nCc: Dewi <dewi@client.test>\n'
  )
  expect(body).toContain('The drawings are attached.')
  await composer.getByTestId('attachment').filter({ hasText: 'drawings.bin' }).waitFor()
  await composer.getByTestId('aside-draft').filter({ hasText: 'Half-written note' }).waitFor()

  const note = `Have a look ${Date.now()}`
  await page.getByTestId('composer-to').fill('zoe@partner.test')
  await page.getByTestId('composer-text').press('Control+Home')
  await page.getByTestId('composer-text').pressSequentially(note)
  await page.getByTestId('composer-send').click()
  const sent = await sendNow(note)
  expect(sent.to).toEqual(['zoe@partner.test'])
  const parsed = await simpleParser(sent.raw)
  expect(parsed.subject).toBe('Fwd: Quote with drawings')
  expect(parsed.text).toContain('---------- Forwarded message ---------')
  expect(parsed.text).toContain('From: Carlos Mendes <carlos@client.test>')
  expect(parsed.text).toContain('The drawings are attached.')
  expect(parsed.attachments.map((a) => a.filename)).toEqual(['drawings.bin'])
  expect(Buffer.compare(parsed.attachments[0]!.content, FILE_BYTES)).toBe(0)
})

it('f forwards the newest message of the open conversation', async () => {
  await app.openConversation('Chairs for the hall')
  // Out of any field, so the key is a shortcut.
  await page.getByTestId('message-reply').first().focus()
  await page.keyboard.press('f')
  await page.getByTestId('composer').waitFor()
  // The newest message is Alice's reply to all.
  await expect
    .poll(() => page.getByTestId('composer-subject').inputValue())
    .toBe('Fwd: Re: Chairs for the hall')
  expect(await page.getByTestId('composer-text').inputValue()).toContain(`From: alice@example.test`)
})
