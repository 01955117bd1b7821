// The snooze and assign menus take focus when they open. Closed with Escape or by a choice, focus
// goes back to the button that opened them, so a keyboard user goes on from where they were
// instead of from the top of the page.
import { describe, expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

/** Whether the element with this test id has focus. */
function hasFocus(testId: string): Promise<boolean> {
  return mailbox()
    .page.getByTestId(testId)
    .evaluate((el) => el === document.activeElement)
}

describe('focus after a menu closes', () => {
  it('goes back to Snooze when the snooze menu closes with Escape', async () => {
    const { page, crm } = mailbox()
    await crm.open('Quote for 40 chairs')
    await page.getByTestId('thread-snooze').focus()
    await page.keyboard.press('Enter')
    const menu = page.getByTestId('snooze-menu')
    await menu.waitFor()
    expect(await menu.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    expect(await hasFocus('thread-snooze')).toBe(true)
  })

  it('goes back to Assign when a member is picked in the assign menu', async () => {
    const { page } = mailbox()
    await page.getByTestId('thread-assign').focus()
    await page.keyboard.press('Enter')
    const menu = page.getByTestId('assign-menu')
    await menu.waitFor()
    // The first item, which has focus: Alice herself.
    await page.keyboard.press('Enter')
    await menu.waitFor({ state: 'detached' })
    await page.getByTestId('thread-assignee').filter({ hasText: 'alice@example.test' }).waitFor()
    expect(await hasFocus('thread-assign')).toBe(true)
  })
})
