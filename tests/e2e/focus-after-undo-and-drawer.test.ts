// Where keyboard focus lands after controls go away from under it: the Undo of an archive or a
// delete, the undo-send toast's Send now, an internal comment sent, the contact drawer and the
// New message dialog. Never on the page itself, where the next Tab starts from the top.
import { describe, expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()
const SUBJECT = 'Quote for 40 chairs'

/** The data-testid of the focused element ('' for none, 'BODY' when focus is on the page). */
const focused = () =>
  mailbox().page.evaluate(() => {
    const active = document.activeElement
    if (!active || active === document.body) return 'BODY'
    return active.getAttribute('data-testid') ?? ''
  })

/** Whether focus is inside the element with this test id. */
const focusInside = (testId: string) =>
  mailbox()
    .page.getByTestId(testId)
    .first()
    .evaluate((el) => el.contains(document.activeElement))

describe('focus after Undo of a mail action', () => {
  it('stays in the conversation toolbar when an archive of the conversation is undone', async () => {
    const { page, crm } = mailbox()
    await crm.open(SUBJECT)
    await page.getByTestId('thread-archive').click()
    await page.getByTestId('thread-undo-button').click()
    await page.getByTestId('thread-undo').waitFor({ state: 'detached' })
    await page.getByTestId('thread-archive').waitFor()
    await expect
      .poll(() => page.locator('.thread-mail-actions').evaluate((el) => el.contains(document.activeElement)))
      .toBe(true)
  })

  it('stays in the message toolbar when a delete of the message is undone', async () => {
    const message = mailbox().app.messages.first()
    await message.getByTestId('message-delete').click()
    await message.getByTestId('message-undo-button').click()
    await message.getByTestId('message-undo').waitFor({ state: 'detached' })
    await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Inbox')
    await expect
      .poll(() => message.locator('.message-actions').evaluate((el) => el.contains(document.activeElement)))
      .toBe(true)
  })
})

describe('focus after Send now in the undo-send toast', () => {
  it('goes back to the reply box the reply was sent from', async () => {
    const { page, app } = mailbox()
    await app.reply('The chairs ship on Monday.')
    // Send gives focus back to the (now empty) reply box; the user then goes to the toast.
    await expect.poll(focused).toBe('reply-box')
    await page.getByTestId('undo-send-now').click()
    await page.getByTestId('undo-toast').waitFor({ state: 'detached' })
    await expect.poll(focused).toBe('reply-box')
  })
})

describe('focus after an internal comment is sent', () => {
  it('stays in the emptied comment box when Send is clicked', async () => {
    const { page } = mailbox()
    await page.getByTestId('tab-comment').click()
    const box = page.getByTestId('comment-box')
    await box.fill('Carlos wants them by Friday.')
    await page.getByTestId('send-comment').click()
    await page.getByTestId('timeline-comment').filter({ hasText: 'by Friday' }).waitFor()
    expect(await box.inputValue()).toBe('')
    await expect.poll(focused).toBe('comment-box')
    await page.getByTestId('tab-reply').click()
  })
})

describe('focus in the contact drawer', () => {
  it('moves into the drawer when it opens, and back to its opener when Escape closes it', async () => {
    const { page, crm } = mailbox()
    await crm.openContact()
    await expect.poll(() => focusInside('contact-drawer')).toBe(true)
    await page.keyboard.press('Escape')
    await crm.drawer.waitFor({ state: 'detached' })
    await expect.poll(focused).toBe('contact-open')
  })
})

describe('focus after the New message dialog closes', () => {
  it('goes back to New message when the dialog, opened by mouse, closes with Escape from a field', async () => {
    const { page, app } = mailbox()
    await page.getByTestId('new-message').click()
    await app.composer.waitFor()
    await page.locator('#composer-subject').click()
    await page.keyboard.press('Escape')
    await app.composer.waitFor({ state: 'detached' })
    await expect.poll(focused).toBe('new-message')
  })
})
