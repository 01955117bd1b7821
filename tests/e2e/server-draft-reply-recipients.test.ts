// A reply begun on the phone with recipients of its own (a Cc added, the To changed, or to Cc or
// Bcc only) and continued in Rapport keeps them: the reply box says who it goes to, sends there
// (Cc staying Cc), and the copy Rapport puts in Drafts in place of the phone's has them too.
// Before, the reply box chose the recipients as for any reply, and the phone's were lost, on the
// server too; later, a reply with no To of its own still lost them (its Cc became its To). One
// begun on an earlier message of the conversation answers that message, not the newest.
// Real renderer (Chromium), real core, real Dovecot and SMTP.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { appendMessages } from '../support/dovecot'
import { draftMail } from '../support/draft-mail'
import { openTestImap } from '../support/imap-probe'
import { expectAnsweredOnServer } from './fixtures/answered-flag'
import {
  connectMailbox,
  mailFromCarlos,
  MAILBOX_ADDRESS,
  type ConnectedMailbox
} from './fixtures/connected-mailbox'
import type { AppPage } from './pages/app-page'

/** Carlos asks, then Dewi answers him: the conversation's newest message. */
const venue = (id: string, from: string, subject: string, answers: string, hour: number) =>
  Buffer.from(
    [
      `From: ${from}`,
      `To: ${MAILBOX_ADDRESS}`,
      `Subject: ${subject}`,
      `Message-ID: <${id}@client.test>`,
      `References: <${answers}@client.test>`,
      `In-Reply-To: <${answers}@client.test>`,
      `Date: Tue, 3 Nov 2026 ${hour}:00:00 +0000`,
      '',
      'About the venue',
      ''
    ].join('\r\n')
  )

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [
      mailFromCarlos('tables', 'Quote for 12 tables'),
      mailFromCarlos('desks', 'Quote for 6 desks'),
      mailFromCarlos('lamps', 'Quote for 9 lamps'),
      mailFromCarlos('stools', 'Quote for 4 stools'),
      mailFromCarlos('chairs', 'Quote for 3 chairs'),
      mailFromCarlos('shelves', 'Quote for 5 shelves'),
      mailFromCarlos('benches', 'Quote for 2 benches'),
      venue('venue1', 'Carlos Mendes <carlos@client.test>', 'Venue for the offsite', 'venue0', 9),
      venue('venue2', 'Dewi <dewi@client.test>', 'AW: Venue for the offsite', 'venue1', 10)
    ]
  })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

const syncNow = () => app.syncNow()

/** The To and Cc headers (or `fields`) of the drafts in Alice's Drafts folder, as the phone sees them. */
async function draftHeaders(fields = ['to', 'cc']): Promise<string[]> {
  const client = await openTestImap(mailbox.server, mailbox.server.users[0]!)
  try {
    const lock = await client.getMailboxLock('Drafts')
    try {
      const out: string[] = []
      for await (const m of client.fetch('1:*', { headers: fields }))
        out.push(
          m
            .headers!.toString('utf8')
            .replace(/\r\n\s+/g, ' ')
            .trim()
        )
      return out
    } finally {
      lock.release()
    }
  } finally {
    await client.logout().catch(() => client.close())
  }
}

/** Puts a draft the phone began in Alice's Drafts and continues it from the New message dialog. */
/** Sends a reply at once (no undo delay); the relay's envelope recipients and the sent headers. */
async function replyAndSend(text: string): Promise<{ envelope: string[]; head: string }> {
  await app.reply(text)
  await page.getByTestId('undo-send-now').click()
  const sent = () => mailbox.relay.received.find((m) => m.raw.toString('utf8').includes(text))
  await expect.poll(sent).toBeTruthy()
  return { envelope: sent()!.to, head: sent()!.raw.toString('latin1').split('\r\n\r\n')[0]! }
}

async function continueFromPhone(draft: Parameters<typeof draftMail>[1]): Promise<void> {
  const { server } = mailbox
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'Drafts', [
    { raw: draftMail('alice', draft), flags: ['\\Draft', '\\Seen'] }
  ])
  await syncNow()
  await page.getByTestId('new-message').click()
  await page.getByTestId('server-draft-continue').click()
  await app.composer.waitFor({ state: 'detached' })
}

it('keeps the To and Cc of a reply begun on the phone, in the reply box, the sent mail and Drafts', async () => {
  await continueFromPhone({
    id: '<tables@phone.test>',
    // The phone's user wrote to Carlos's office and added Dewi.
    to: 'Carlos Office <office@client.test>',
    headers: ['Cc: Dewi <dewi@client.test>'],
    subject: 'Re: Quote for 12 tables',
    text: 'Twelve tables it is, begun on the phone',
    inReplyTo: '<tables@client.test>'
  })
  await expect
    .poll(() => page.getByTestId('reply-box').inputValue())
    .toBe('Twelve tables it is, begun on the phone')
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Office and 1 other' }).waitFor()

  // Rapport's copy replaces the phone's in Drafts with the same recipients.
  await syncNow()
  await expect
    .poll(() => draftHeaders(), { timeout: 10_000 })
    .toEqual([
      expect.stringMatching(/^To: Carlos Office <office@client\.test>\s*Cc: Dewi <dewi@client\.test>$/)
    ])

  const { envelope, head } = await replyAndSend(`Twelve tables it is ${Date.now()}`)
  expect(envelope).toEqual(['office@client.test', 'dewi@client.test'])
  expect(head).toMatch(/^To: Carlos Office <office@client\.test>\r?$/m)
  expect(head).toMatch(/^Cc: Dewi <dewi@client\.test>\r?$/m)
  expect(head).toMatch(/^In-Reply-To: <tables@client\.test>\r?$/m)
})

it('keeps them across a reload, until the usual recipients are chosen instead', async () => {
  await continueFromPhone({
    id: '<desks@phone.test>',
    to: 'Carlos Office <office@client.test>',
    subject: 'Re: Quote for 6 desks',
    text: 'About the delivery, begun on the phone',
    inReplyTo: '<desks@client.test>'
  })
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Office' }).waitFor()
  // Kept by the core, recipients and all.
  await page.reload()
  await app.threadRow('Quote for 6 desks').click()
  await expect
    .poll(() => page.getByTestId('reply-box').inputValue())
    .toBe('About the delivery, begun on the phone')
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Office' }).waitFor()
  await page.getByTestId('reply-usual-recipients').click()
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Mendes' }).waitFor()
  expect(await page.getByTestId('reply-usual-recipients').count()).toBe(0)
})

it('keeps the keyboard in the reply when the usual recipients are chosen from the keys', async () => {
  await continueFromPhone({
    id: '<lamps@phone.test>',
    to: 'Carlos Office <office@client.test>',
    subject: 'Re: Quote for 9 lamps',
    text: 'Nine lamps, begun on the phone',
    inReplyTo: '<lamps@client.test>'
  })
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Office' }).waitFor()
  await page.getByTestId('reply-usual-recipients').focus()
  await page.keyboard.press('Enter')
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Mendes' }).waitFor()
  // The button is gone with the draft's own recipients: the focus is not left on nothing (the
  // page), where the next Tab would start again from the top of the window.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).toBe(
    'reply-box'
  )
})

it('keeps the Bcc of a reply begun on the phone: named in the reply box, in the envelope only, and in Drafts', async () => {
  await continueFromPhone({
    id: '<stools@phone.test>',
    to: 'Carlos Office <office@client.test>',
    // The phone's user blind-copied the boss.
    headers: ['Bcc: Boss <boss@example.test>'],
    subject: 'Re: Quote for 4 stools',
    text: 'Four stools, begun on the phone',
    inReplyTo: '<stools@client.test>'
  })
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Office' }).waitFor()

  // Rapport's copy in Drafts, in place of the phone's, keeps the Bcc for the phone to continue.
  await syncNow()
  await expect
    .poll(() => draftHeaders(['subject', 'bcc']), { timeout: 10_000 })
    .toContainEqual(
      expect.stringMatching(/^Bcc: Boss <boss@example\.test>\s*Subject: Re: Quote for 4 stools$/)
    )
  // Said where the reply box says whom it goes to, as the other recipients do not see it.
  await page.getByTestId('reply-bcc').filter({ hasText: 'Bcc: Boss <boss@example.test>' }).waitFor()

  const { envelope, head } = await replyAndSend(`Four stools it is ${Date.now()}`)
  expect(envelope).toEqual(['office@client.test', 'boss@example.test'])
  expect(head).not.toMatch(/^bcc:/im)
  expect(head).not.toContain('boss@example.test')
})

it('keeps a Cc alone of a reply begun on the phone: in the reply box, Drafts, and sent with no one in To', async () => {
  await continueFromPhone({
    id: '<chairs@phone.test>',
    // The phone's user wrote to Dewi only, in Cc.
    to: '',
    headers: ['Cc: Dewi <dewi@client.test>'],
    subject: 'Re: Quote for 3 chairs',
    text: 'Three chairs, begun on the phone',
    inReplyTo: '<chairs@client.test>'
  })
  await page.locator('.reply-box__label', { hasText: 'Reply to Dewi' }).waitFor()

  // Rapport's copy in Drafts keeps Dewi in Cc, with no To.
  await syncNow()
  await expect
    .poll(() => draftHeaders(['to', 'cc', 'subject']), { timeout: 10_000 })
    .toContainEqual(expect.stringMatching(/^Cc: Dewi <dewi@client\.test>\s*Subject: Re: Quote for 3 chairs$/))

  const { envelope, head } = await replyAndSend(`Three chairs it is ${Date.now()}`)
  expect(envelope).toEqual(['dewi@client.test'])
  expect(head).toMatch(/^To: undisclosed-recipients:;\r?$/m)
  expect(head).toMatch(/^Cc: Dewi <dewi@client\.test>\r?$/m)
  expect(head).toMatch(/^In-Reply-To: <chairs@client\.test>\r?$/m)
})

it('keeps a Bcc alone of a reply begun on the phone: named as Bcc, across a reload, in Drafts, and in the envelope only', async () => {
  await continueFromPhone({
    id: '<shelves@phone.test>',
    // The phone's user blind-copied the boss, and no one else.
    to: '',
    headers: ['Bcc: Boss <boss@example.test>'],
    subject: 'Re: Quote for 5 shelves',
    text: 'Five shelves, begun on the phone',
    inReplyTo: '<shelves@client.test>'
  })
  const label = page.locator('.reply-box__label', { hasText: 'Reply to Boss, in Bcc only' })
  await label.waitFor()
  // Kept by the core, Bcc and all.
  await page.reload()
  await app.threadRow('Quote for 5 shelves').click()
  await expect.poll(() => page.getByTestId('reply-box').inputValue()).toBe('Five shelves, begun on the phone')
  await label.waitFor()
  await page.getByTestId('reply-bcc').filter({ hasText: 'Bcc: Boss <boss@example.test>' }).waitFor()

  await syncNow()
  await expect
    .poll(() => draftHeaders(['to', 'cc', 'bcc', 'subject']), { timeout: 10_000 })
    .toContainEqual(
      expect.stringMatching(/^Bcc: Boss <boss@example\.test>\s*Subject: Re: Quote for 5 shelves$/)
    )

  const { envelope, head } = await replyAndSend(`Five shelves it is ${Date.now()}`)
  expect(envelope).toEqual(['boss@example.test'])
  expect(head).toMatch(/^To: undisclosed-recipients:;\r?$/m)
  expect(head).not.toMatch(/^bcc:/im)
  expect(head).not.toContain('boss@example.test')
  expect(head).not.toContain('carlos@client.test')
})

it('goes to the usual recipients instead of a Bcc alone when asked', async () => {
  await continueFromPhone({
    id: '<benches@phone.test>',
    to: '',
    headers: ['Bcc: Boss <boss@example.test>'],
    subject: 'Re: Quote for 2 benches',
    text: 'Two benches, begun on the phone',
    inReplyTo: '<benches@client.test>'
  })
  await page.locator('.reply-box__label', { hasText: 'Reply to Boss, in Bcc only' }).waitFor()
  await page.getByTestId('reply-usual-recipients').click()
  await page.locator('.reply-box__label', { hasText: 'Reply to Carlos Mendes' }).waitFor()
  expect(await page.getByTestId('reply-bcc').count()).toBe(0)
  expect(await page.getByTestId('reply-usual-recipients').count()).toBe(0)
})

it('answers the earlier message a reply begun on the phone answers, not the newest: sent, flagged and in Drafts', async () => {
  await continueFromPhone({
    id: '<venue@phone.test>',
    to: 'Carlos Mendes <carlos@client.test>',
    subject: 'Re: Venue for the offsite',
    text: 'The lake, begun on the phone',
    inReplyTo: '<venue1@client.test>'
  })
  await expect.poll(() => page.getByTestId('reply-box').inputValue()).toBe('The lake, begun on the phone')
  // Rapport's copy in Drafts, in place of the phone's, is threaded under Carlos's message too.
  await syncNow()
  const venueCopies = async () =>
    (await draftHeaders(['message-id', 'subject', 'in-reply-to'])).filter((h) =>
      h.includes('Venue for the offsite')
    )
  await expect
    .poll(async () => (await venueCopies()).some((h) => h.includes('@phone.test')), { timeout: 10_000 })
    .toBe(false)
  expect(await venueCopies()).toEqual([expect.stringContaining('In-Reply-To: <venue1@client.test>')])

  const { envelope, head } = await replyAndSend(`The lake it is ${Date.now()}`)
  expect(envelope).toEqual(['carlos@client.test'])
  expect(head).toMatch(/^In-Reply-To: <venue1@client\.test>\r?$/m)
  // The Answered flag goes to Carlos's message, on the server too, not to Dewi's newer one.
  await expectAnsweredOnServer(mailbox, '<venue1@client.test>', '<venue2@client.test>')
})
