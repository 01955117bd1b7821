// A company-wide mail to 1,500 people (1,000 in To, 500 in Cc): the header and the reply box
// list them without pushing the message a screen-height away per hundred names, and Reply all,
// past what a message can go to, says why it is refused.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'

const SUBJECT = 'Company all-hands'

const allHands = Buffer.from(
  [
    'From: CEO <ceo@corp.test>',
    `To: ${[MAILBOX_ADDRESS, ...Array.from({ length: 999 }, (_, i) => `"Person ${i}" <p${i}@corp.test>`)].join(',\r\n ')}`,
    `Cc: ${Array.from({ length: 500 }, (_, i) => `"Copy ${i}" <c${i}@corp.test>`).join(',\r\n ')}`,
    `Subject: ${SUBJECT}`,
    'Message-ID: <allhands@corp.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    '',
    'See you all on Friday.',
    ''
  ].join('\r\n')
)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [allHands] })
  await mailbox.app.threadRow(SUBJECT).waitFor({ timeout: 60_000 })
  await mailbox.app.openConversation(SUBJECT)
})

afterAll(async () => {
  await mailbox?.stop()
})

it('keeps the header of a mail to 1,500 people a few lines tall, every address still in it', async () => {
  const { app } = mailbox
  const header = app.messages.first().locator('header')
  const box = await header.boundingBox()
  expect(box!.height).toBeLessThan(250)
  // The body is on the first screen, not thousands of pixels down.
  const body = await app.messages.first().getByText('See you all on Friday.').boundingBox()
  expect(body!.y).toBeLessThan(900)
  const recipients = await header.locator('.message__recipients').allTextContents()
  expect(recipients.join()).toContain('Person 998 <p998@corp.test>')
  expect(recipients.join()).toContain('Copy 499 <c499@corp.test>')
})

it('lists the Cc of Reply all in a short box, and says why a reply to 1,500 people is refused', async () => {
  const { app, page } = mailbox
  await app.messages.first().getByTestId('message-reply-all').click()
  await page.locator('.reply-box__label', { hasText: 'Reply to CEO and 1,499 others' }).waitFor()
  const cc = page.getByTestId('reply-cc')
  expect((await cc.boundingBox())!.height).toBeLessThan(250)
  expect(await cc.textContent()).toContain('Copy 499 <c499@corp.test>')
  const text = 'Looking forward to it.'
  await page.getByTestId('reply-box').fill(text)
  await page.getByTestId('send-reply').click()
  await expect
    .poll(() => page.locator('.reply-box [role=alert]').allTextContents())
    .toEqual([expect.stringMatching(/at most 500/)])
  // Nothing was sent, and the text is still there to cut the recipients down and send.
  expect(mailbox.relay.received).toHaveLength(0)
  expect(await page.getByTestId('reply-box').inputValue()).toBe(text)
})
