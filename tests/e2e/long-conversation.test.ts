// A long conversation in the reading pane, as Gmail or Thunderbird show one: messages already
// read are one line each (the newest open), a long run of them folds into "N older messages",
// the pane opens at the first unread message, a click or Enter/Space opens a message, find in
// the conversation opens a folded message that matches, and new mail arrives open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { appendMessages } from '../support/dovecot'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'

const SUBJECT = 'Office chairs for the new floor'
const COUNT = 30
const BASE = Date.parse('2026-11-02T09:00:00Z')

/** Message n (1 = the oldest) of the conversation, a reply to the one before. */
function mail(n: number, body?: string): Buffer {
  const id = (k: number) => `<chairs-${k}@client.test>`
  const html = n === 12
  return Buffer.from(
    [
      n % 2 ? 'From: Carlos Mendes <carlos@client.test>' : 'From: Dewi Lestari <dewi@client.test>',
      `To: ${MAILBOX_ADDRESS}`,
      `Subject: ${n === 1 ? SUBJECT : `Re: ${SUBJECT}`}`,
      `Message-ID: ${id(n)}`,
      ...(n > 1 ? [`In-Reply-To: ${id(n - 1)}`, `References: ${id(1)} ${id(n - 1)}`] : []),
      `Date: ${new Date(BASE + n * 3_600_000).toUTCString()}`,
      'MIME-Version: 1.0',
      `Content-Type: text/${html ? 'html' : 'plain'}; charset=utf-8`,
      '',
      html
        ? '<p>Message number 12. They would like a <b>mango</b> colour for the armrests.</p>'
        : (body ??
          `Message number ${n}. ${n === 10 ? 'The pineapple cushions are sold out.' : 'Nothing new on the chairs.'}`),
      ''
    ].join('\r\n')
  )
}

let mailbox: ConnectedMailbox

beforeAll(async () => {
  // The oldest 28 already read (\Seen on the server), the newest 2 not.
  // The first unread one is long, so the pane can bring it to the top.
  const long = `Message number 29.\r\n${'The delivery plan, line by line.\r\n'.repeat(80)}`
  const items = Array.from({ length: COUNT }, (_, i) => ({
    raw: mail(i + 1, i + 1 === 29 ? long : undefined),
    flags: i < COUNT - 2 ? ['\\Seen'] : []
  }))
  mailbox = await connectMailbox({ mail: items })
  await mailbox.app.threadRow(SUBJECT).waitFor({ timeout: 60_000 })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  await mailbox.app.openConversation(SUBJECT)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

/** The shown message whose body (text, or in its frame) or one line says "Message number n." */
function message(n: number): Locator {
  const { app, page } = mailbox
  return app.messages
    .filter({ hasText: new RegExp(`Message number ${n}\\b`) })
    .or(app.messages.filter({ has: page.locator(`iframe[srcdoc*="Message number ${n}."]`) }))
}
const expanded = (n: number) => message(n).getAttribute('data-expanded')
/** The numbers of the messages shown, each with whether it is open. */
async function shown(): Promise<string[]> {
  const rows = await mailbox.app.messages.evaluateAll((elements) =>
    elements.map(
      (e) => `${/Message number (\d+)/.exec(e.textContent ?? '')?.[1]}:${e.getAttribute('data-expanded')}`
    )
  )
  return rows
}

describe('a 30-message conversation with its newest 2 unread', () => {
  it('shows read messages as one line, folds the middle into "26 older messages", and opens the unread ones', async () => {
    const { app } = mailbox
    await expect.poll(shown).toEqual(['1:false', '28:false', '29:true', '30:true'])
    expect(await app.threadView.getByTestId('older-messages').textContent()).toBe('26 older messages')
    // A one-line message: sender, snippet and date, as a button saying it is collapsed.
    const summary = message(1).getByTestId('message-summary')
    expect(await summary.getAttribute('aria-expanded')).toBe('false')
    expect(await summary.textContent()).toContain('Carlos Mendes')
    await app.screenshot('long-conversation')
  })

  it('opens at the first unread message, not at the top', async () => {
    const { app } = mailbox
    expect(await app.threadView.evaluate((element) => element.scrollTop)).toBeGreaterThan(0)
    // Its top just under the find bar and conversation actions that stick to the pane's top.
    const tools = await app.threadView.locator('.thread-pane__tools').boundingBox()
    const first = await message(29).boundingBox()
    expect(first!.y).toBeGreaterThanOrEqual(tools!.y + tools!.height)
    expect(first!.y).toBeLessThanOrEqual(tools!.y + tools!.height + 40)
    // The reply box stays at the end of the conversation.
    const reply = await app.replyBox.boundingBox()
    expect(reply!.y).toBeGreaterThan(first!.y)
  })

  it('find in the conversation opens a folded message that matches, text or HTML', async () => {
    const { app, page } = mailbox
    const find = page.getByTestId('thread-find-input')
    await find.fill('pineapple')
    await expect.poll(() => page.getByTestId('thread-find-counter').textContent()).toBe('1 of 1')
    await expect.poll(() => expanded(10)).toBe('true')
    expect(await message(10).locator('mark').textContent()).toBe('pineapple')
    await find.fill('mango')
    await expect.poll(() => page.getByTestId('thread-find-counter').textContent()).toBe('1 of 1')
    await expect.poll(() => expanded(12)).toBe('true')
    expect(await message(12).getByTestId('message-frame').getAttribute('srcdoc')).toContain('<mark')
    // Counted the same whether a message is open or folded: all but messages 10, 12 and 29 say it.
    await find.fill('on the chairs')
    await expect.poll(() => page.getByTestId('thread-find-counter').textContent()).toBe(`1 of ${COUNT - 3}`)
    await find.fill('')
    await expect.poll(shown).toEqual(['1:false', '28:false', '29:true', '30:true'])
    expect(await app.threadView.getByTestId('older-messages').count()).toBe(1)
  })

  it('opens a message by click and by keyboard, and closes it by its header', async () => {
    const { app, page } = mailbox
    await message(28).getByTestId('message-summary').click()
    await expect.poll(() => expanded(28)).toBe('true')
    expect(await message(28).locator('pre.text-body').textContent()).toContain('Nothing new on the chairs')
    await message(28).getByTestId('message-collapse').click()
    await expect.poll(() => expanded(28)).toBe('false')

    await app.threadView.getByTestId('older-messages').click()
    await expect.poll(() => app.messages.count()).toBe(COUNT)
    expect(await app.threadView.getByTestId('older-messages').count()).toBe(0)
    await message(5).getByTestId('message-summary').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => expanded(5)).toBe('true')
    expect(await message(5).getByTestId('message-collapse').getAttribute('aria-expanded')).toBe('true')
    await message(6).getByTestId('message-summary').focus()
    await page.keyboard.press('Space')
    await expect.poll(() => expanded(6)).toBe('true')
    // A click on the header (its date) closes an open message.
    await message(6).locator('header time').click()
    await expect.poll(() => expanded(6)).toBe('false')
  })

  it('shows new mail in the open conversation in full, and keeps what was opened', async () => {
    const { server } = mailbox
    const alice = server.users[0]!
    await appendMessages(server, alice.user, alice.password, 'INBOX', [mail(31)])
    await message(31).waitFor({ timeout: 30_000 })
    await expect.poll(() => expanded(31)).toBe('true')
    expect(await expanded(5)).toBe('true')
    expect(await expanded(6)).toBe('false')
    expect(await expanded(30)).toBe('true')
  })
})
