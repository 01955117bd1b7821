// The message toolbar in the real renderer (Chromium, web mode) against a real Dovecot: mark
// unread, flag, archive, delete and restore, move, and \Answered after a reply. Each action
// must show at once and reach the server, which a second IMAP client checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { openTestImap } from '../support/imap-probe'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { AppPage } from './pages/app-page'

const MAIL: Array<{ id: string; subject: string; inReplyTo?: string }> = [
  { id: '<quote-40@client.test>', subject: 'Quote for 40 chairs' },
  { id: '<invoice-2291@client.test>', subject: 'Invoice 2291' },
  { id: '<notes-0312@client.test>', subject: 'Meeting notes' },
  // One conversation of two messages, for the conversation-wide actions.
  { id: '<ship-1@client.test>', subject: 'Delivery schedule' },
  { id: '<ship-2@client.test>', subject: 'Re: Delivery schedule', inReplyTo: '<ship-1@client.test>' },
  { id: '<samples-7@client.test>', subject: 'Fabric samples' },
  { id: '<price-8@client.test>', subject: 'Price list 2027' },
  { id: '<order-9@client.test>', subject: 'Order 9 confirmed' },
  { id: '<tender-10@client.test>', subject: 'Tender documents' }
]

/** A note sent to herself: one message, in INBOX and in Sent. */
const NOTE = { id: '<note-self-11@example.test>', subject: 'Note to self: call Carlos' }
const NOTE_RAW = Buffer.from(
  `From: Alice <${MAILBOX_ADDRESS}>\r\nTo: ${MAILBOX_ADDRESS}\r\nSubject: ${NOTE.subject}\r\n` +
    `Message-ID: ${NOTE.id}\r\nDate: Mon, 2 Nov 2026 09:30:00 +0000\r\n\r\nAbout the chairs.\r\n`
)

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  const raw = MAIL.map(
    (m, i) =>
      `From: Carlos Mendes <carlos@client.test>\r\nTo: ${MAILBOX_ADDRESS}\r\nSubject: ${m.subject}\r\n` +
      (m.inReplyTo ? `In-Reply-To: ${m.inReplyTo}\r\nReferences: ${m.inReplyTo}\r\n` : '') +
      `Message-ID: ${m.id}\r\nDate: Mon, 2 Nov 2026 0${i}:00:00 +0000\r\n\r\nHello from Carlos.\r\n`
  )
  mailbox = await connectMailbox({ mail: [...raw.map((r) => Buffer.from(r)), NOTE_RAW], sent: [NOTE_RAW] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

/** The flags of the message with this Message-ID in `folder` on the server, or null if it is not there. */
async function serverFlags(folder: string, messageId: string): Promise<string[] | null> {
  const client = await openTestImap(mailbox.server, mailbox.server.users[0]!)
  try {
    const lock = await client.getMailboxLock(folder, { readOnly: true })
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true })
      if (!uids || uids.length === 0) return null
      const message = await client.fetchOne(String(uids[0]), { flags: true }, { uid: true })
      // \Recent belongs to the IMAP session, not the message.
      return message ? [...(message.flags ?? [])].filter((f) => f !== '\\Recent').sort() : null
    } finally {
      lock.release()
    }
  } finally {
    await client.logout()
  }
}

async function openThread(subject: string): Promise<Locator> {
  await app.threadRow(subject).click()
  const message = app.messages.first()
  await message.waitFor()
  await expect.poll(() => app.threadView.locator('#thread-subject').textContent()).toBe(subject)
  return message
}

describe('the message toolbar', () => {
  it('marks unread and flags: the row and the message show it, and the server gets both', async () => {
    const [quote] = MAIL
    await openThread(quote!.subject)
    // Opening marks the thread read. Coming back to it, already read, is where "mark unread"
    // must not be undone by the reading pane's own mark-read.
    await expect.poll(() => serverFlags('INBOX', quote!.id)).toEqual(['\\Seen'])
    await openThread(MAIL[1]!.subject)
    const message = await openThread(quote!.subject)
    await message.getByTestId('message-toggle-read').click()
    await expect.poll(() => app.threadRow(quote!.subject).getAttribute('data-unread')).toBe('true')
    await expect.poll(() => message.getByTestId('message-toggle-read').textContent()).toBe('Mark read')
    await message.getByTestId('message-toggle-flag').click()
    await message.getByTestId('message-flagged').waitFor()
    expect(await message.getByTestId('message-toggle-flag').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => serverFlags('INBOX', quote!.id)).toEqual(['\\Flagged'])
    // Still unread: reading the thread does not undo the user's own "mark unread".
    expect(await app.threadRow(quote!.subject).getAttribute('data-unread')).toBe('true')
    await app.screenshot('message-actions-unread-flagged')
  })

  it('archives to the Archive folder, keeping the flags', async () => {
    const [quote] = MAIL
    const message = await openThread(quote!.subject)
    await message.getByTestId('message-archive').click()
    await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Archive')
    await expect.poll(() => serverFlags('Archive', quote!.id)).toEqual(['\\Flagged'])
    expect(await serverFlags('INBOX', quote!.id)).toBeNull()
    // Already archived: the button is gone, the Move to menu is still there.
    expect(await message.getByTestId('message-archive').count()).toBe(0)
  })

  it('deletes to Trash and restores from it to where it was', async () => {
    const [, invoice] = MAIL
    const message = await openThread(invoice!.subject)
    await message.getByTestId('message-delete').click()
    await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Trash')
    await expect.poll(() => serverFlags('Trash', invoice!.id)).toEqual(['\\Seen'])
    await app.screenshot('message-actions-in-trash')
    await message.getByTestId('message-restore').click()
    await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Inbox')
    await expect.poll(() => serverFlags('INBOX', invoice!.id)).toEqual(['\\Seen'])
    expect(await serverFlags('Trash', invoice!.id)).toBeNull()
  })

  it('moves to a folder chosen in the Move to menu', async () => {
    const [, , notes] = MAIL
    const message = await openThread(notes!.subject)
    await message.getByTestId('message-move').selectOption({ label: 'Junk' })
    await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Junk')
    await expect.poll(() => serverFlags('Junk', notes!.id)).toEqual(['\\Seen'])
    expect(await serverFlags('INBOX', notes!.id)).toBeNull()
  })

  it('shows a message as replied once the reply is sent, and sets \\Answered on the server', async () => {
    const [, invoice] = MAIL
    const message = await openThread(invoice!.subject)
    expect(await message.getByTestId('message-answered').count()).toBe(0)
    await page.getByTestId('reply-box').fill('Paid today, thank you.')
    await page.getByTestId('send-reply').click()
    await page.getByTestId('undo-send-now').click()
    await message.getByTestId('message-answered').waitFor()
    await expect.poll(() => serverFlags('INBOX', invoice!.id)).toEqual(['\\Answered', '\\Seen'])
    await app.screenshot('message-actions-replied')
  })

  it('archives, deletes and marks unread a whole conversation from its toolbar', async () => {
    const [first, reply] = MAIL.slice(3)
    await openThread(first!.subject)
    await expect.poll(() => app.messages.count()).toBe(2)
    await page.getByTestId('thread-archive').click()
    for (const m of [first!, reply!])
      await expect.poll(() => serverFlags('Archive', m.id)).toEqual(['\\Seen'])
    // Nothing left in INBOX to archive: the button goes.
    await page.getByTestId('thread-archive').waitFor({ state: 'detached' })
    await page.getByTestId('thread-delete').click()
    for (const m of [first!, reply!]) await expect.poll(() => serverFlags('Trash', m.id)).toEqual(['\\Seen'])
    expect(await serverFlags('Archive', first!.id)).toBeNull()
    // Unread again: the newest received message, as other mail programs do.
    await page.getByTestId('thread-mark-unread').click()
    await expect.poll(() => serverFlags('Trash', reply!.id)).toEqual([])
    expect(await serverFlags('Trash', first!.id)).toEqual(['\\Seen'])
    await page.getByTestId('thread-mark-read').waitFor()
    await app.screenshot('conversation-mail-actions')
  })

  it('does the same from the keyboard: Shift+U marks unread, y archives, # deletes', async () => {
    const samples = MAIL[5]!
    await openThread(samples.subject)
    await expect.poll(() => serverFlags('INBOX', samples.id)).toEqual(['\\Seen'])
    // Read now, on screen too: "mark unread" is what the conversation offers.
    await page.getByTestId('thread-mark-unread').waitFor()
    await page.keyboard.press('Shift+U')
    await expect.poll(() => serverFlags('INBOX', samples.id)).toEqual([])
    await page.getByTestId('thread-archive').waitFor()
    await page.keyboard.press('y')
    await expect.poll(() => serverFlags('Archive', samples.id)).toEqual([])
    await page.getByTestId('thread-archive').waitFor({ state: 'detached' })
    await page.keyboard.type('#')
    await expect.poll(() => serverFlags('Trash', samples.id)).toEqual([])
    // Typed into the reply box, the same keys are just text.
    await page.getByTestId('reply-box').fill('')
    await page.getByTestId('reply-box').pressSequentially('y#')
    expect(await page.getByTestId('reply-box').inputValue()).toBe('y#')
    expect(await serverFlags('Trash', samples.id)).toEqual([])
  })

  it('undoes archiving and deleting a conversation, putting the mail back where it was', async () => {
    const price = MAIL[6]!
    await openThread(price.subject)
    await page.getByTestId('thread-archive').click()
    await expect.poll(() => serverFlags('Archive', price.id)).toEqual(['\\Seen'])
    expect(await page.getByTestId('thread-undo').textContent()).toMatch(/^Conversation archived\./)
    await page.getByTestId('thread-undo-button').click()
    await expect.poll(() => serverFlags('INBOX', price.id)).toEqual(['\\Seen'])
    await page.getByTestId('thread-undo').waitFor({ state: 'detached' })
    expect(await serverFlags('Archive', price.id)).toBeNull()

    await page.getByTestId('thread-delete').click()
    await expect.poll(() => serverFlags('Trash', price.id)).toEqual(['\\Seen'])
    await page.getByTestId('thread-undo-button').click()
    await expect.poll(() => serverFlags('INBOX', price.id)).toEqual(['\\Seen'])
    expect(await serverFlags('Trash', price.id)).toBeNull()
  })

  it('archives a note to self from INBOX and undoes it, its copy in Sent staying in Sent', async () => {
    await openThread(NOTE.subject)
    await page.getByTestId('thread-archive').click()
    await expect.poll(() => serverFlags('Archive', NOTE.id)).not.toBeNull()
    expect(await serverFlags('INBOX', NOTE.id)).toBeNull()
    expect(await serverFlags('Sent', NOTE.id)).not.toBeNull()
    await page.getByTestId('thread-undo-button').click()
    await expect.poll(() => serverFlags('INBOX', NOTE.id)).not.toBeNull()
    expect(await serverFlags('Archive', NOTE.id)).toBeNull()
    expect(await serverFlags('Sent', NOTE.id)).not.toBeNull()
  })

  it('undoes a move, an archive and a delete of one message from its own toolbar', async () => {
    const order = MAIL[7]!
    const message = await openThread(order.subject)
    const undoBack = async () => {
      await message.getByTestId('message-undo-button').click()
      await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Inbox')
      await message.getByTestId('message-undo').waitFor({ state: 'detached' })
      await expect.poll(() => serverFlags('INBOX', order.id)).toEqual(['\\Seen'])
    }
    await message.getByTestId('message-move').selectOption({ label: 'Junk' })
    await expect.poll(() => serverFlags('Junk', order.id)).toEqual(['\\Seen'])
    expect(await message.getByTestId('message-undo').textContent()).toMatch(/^Message moved to Junk\./)
    await undoBack()
    expect(await serverFlags('Junk', order.id)).toBeNull()

    await message.getByTestId('message-archive').click()
    await expect.poll(() => serverFlags('Archive', order.id)).toEqual(['\\Seen'])
    expect(await message.getByTestId('message-undo').textContent()).toMatch(/^Message archived\./)
    await undoBack()
    expect(await serverFlags('Archive', order.id)).toBeNull()

    await message.getByTestId('message-delete').click()
    await expect.poll(() => serverFlags('Trash', order.id)).toEqual(['\\Seen'])
    await app.screenshot('message-actions-undo')
    await undoBack()
    expect(await serverFlags('Trash', order.id)).toBeNull()

    // Another action ends the offer: Undo never reverts anything but the action just taken.
    await message.getByTestId('message-delete').click()
    await message.getByTestId('message-undo').waitFor()
    await message.getByTestId('message-restore').click()
    await message.getByTestId('message-undo').waitFor({ state: 'detached' })
    await expect.poll(() => serverFlags('INBOX', order.id)).toEqual(['\\Seen'])
  })

  it('says in the sidebar when the server refuses a move for good, and why, until dismissed', async () => {
    const tender = MAIL[8]!
    const other = await openTestImap(mailbox.server, mailbox.server.users[0]!)
    let message: Locator
    try {
      await other.mailboxCreate('Tenders')
      await page.getByTestId('sync-now').click()
      message = await openThread(tender.subject)
      const options = message.getByTestId('message-move').locator('option')
      await expect.poll(() => options.allTextContents()).toContain('Tenders')
      // Another mail program deletes the folder before Rapport lists the folders again.
      await other.mailboxDelete('Tenders')
    } finally {
      await other.logout()
    }
    await message.getByTestId('message-move').selectOption({ label: 'Tenders' })
    const failed = page.getByTestId('failed-change')
    await failed.waitFor()
    expect(await page.getByTestId('failed-changes').locator('h2').textContent()).toBe(
      '1 change was not saved on the server'
    )
    const text = await failed.textContent()
    expect(text).toMatch(/^Move of 1 message to Tenders.*The server said: .*Tenders/)
    // Only the server's words follow: Rapport's own English says nothing the line does not.
    expect(text).not.toMatch(/Could not|INBOX to/)
    // Put back where the server still has it.
    await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Inbox')
    // Nothing left to undo: the offer made when the move was taken goes with it.
    await message.getByTestId('message-undo').waitFor({ state: 'detached' })
    expect(await serverFlags('INBOX', tender.id)).toEqual(['\\Seen'])
    await app.screenshot('failed-change')
    await failed.getByRole('button', { name: 'Dismiss' }).click()
    await page.getByTestId('failed-changes').waitFor({ state: 'detached' })
    // Dismissed, the failure is forgotten, but the move it was still never happened: no Undo.
    await message.getByTestId('message-toggle-flag').waitFor()
    expect(await message.getByTestId('message-undo').count()).toBe(0)
  })
})
