import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// Where keyboard focus goes in the CRM inbox: the "c" shortcut, the selection after a row
// leaves the list, and which layer an Escape closes.

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

/** Oldest first: one conversation each. */
const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 72 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice question', hoursAgo: 48 },
  { from: 'Carl Olsen <carl@shop.test>', subject: 'Order 4411', hoursAgo: 24 },
  { from: 'Spam Sender <offers@spam.test>', subject: 'Buy followers now', hoursAgo: 5 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]
const NEWEST_FIRST = newestFirst(MAIL)

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'crm-keys') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(NEWEST_FIRST)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const selectedSubject = () => crm.selectedSubject()

describe('keyboard focus in the CRM inbox', () => {
  it('opens the comment box with c on a selected conversation that is not open, and the note goes into it', async () => {
    await crm.open('Factory visit')
    await page.keyboard.press('j')
    expect(await selectedSubject()).toBe('Buy followers now')
    await page.keyboard.press('c')
    await page.locator('#thread-subject', { hasText: 'Buy followers now' }).waitFor()
    const box = page.getByTestId('comment-box')
    await box.waitFor()
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'comment-box')
    expect(await page.getByTestId('tab-comment').getAttribute('aria-selected')).toBe('true')
    // "e" is the close shortcut; typed into the note it is just a letter.
    await page.keyboard.type('everyone')
    expect(await box.inputValue()).toBe('everyone')
    expect(await crm.threadStatus.textContent()).toBe('Open')
    await box.fill('')
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  })

  it('keeps focus where the user moved it in the assign menu while the conversation changes underneath', async () => {
    await crm.open('Quote for 200 chairs')
    await page.keyboard.press('a')
    const menu = page.getByTestId('assign-menu')
    await menu.waitFor()
    const nobody = menu.getByTestId('assign-nobody')
    await nobody.focus()
    // Someone else (another window, or sync) assigns it to me; the open menu re-renders.
    const members = (await crm.callCore('members.list', {})) as Array<{ id: string; isLocal: boolean }>
    const me = members.find((m) => m.isLocal)!
    await crm.callCore('conversations.assign', {
      conversationId: await conversationId('Quote for 200 chairs'),
      memberId: me.id
    })
    await menu.locator('[data-testid="assign-member"][aria-pressed="true"]').waitFor()
    expect(await nobody.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    await menu.waitFor({ state: 'detached' })
    await expect.poll(async () => (await crm.conversation('Quote for 200 chairs')).assigneeId).toBeNull()
  })

  it('selects the row that took the place of one closed under Open, so j goes on from there', async () => {
    await crm.setStatus('open')
    await crm.waitForSubjects(NEWEST_FIRST)
    await crm.open('Factory visit')
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    expect(await selectedSubject()).toBe('Order 4411')
    await page.keyboard.press('e')
    await crm.waitForSubjects(NEWEST_FIRST.filter((s) => s !== 'Order 4411'))
    await expect.poll(selectedSubject).toBe('Invoice question')
    await page.keyboard.press('j')
    expect(await selectedSubject()).toBe('Quote for 200 chairs')
    await crm.setStatus('all')
    await crm.waitForSubjects(NEWEST_FIRST)
  })

  it('closes the snooze menu with Escape but leaves the contact drawer behind it open', async () => {
    await crm.open('Invoice question')
    await crm.openContact()
    // The drawer covers the header's snooze button, so it is clicked as a script would.
    await page.getByTestId('thread-snooze').dispatchEvent('click')
    const menu = page.getByTestId('snooze-menu')
    await menu.waitFor()
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    expect(await crm.drawer.count()).toBe(1)
    // The next Escape is the drawer's.
    await page.keyboard.press('Escape')
    await crm.drawer.waitFor({ state: 'detached' })
  })

  it('moves focus into the notification centre when it opens, and Escape closes it back to the bell', async () => {
    const bell = page.getByTestId('notifications-open')
    await bell.click()
    const center = page.getByTestId('notification-center')
    await center.waitFor()
    expect(await center.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    await page.keyboard.press('Escape')
    await center.waitFor({ state: 'detached' })
    expect(await bell.evaluate((el) => el === document.activeElement)).toBe(true)
  })
})

async function conversationId(subject: string): Promise<string> {
  return (await crm.conversation(subject)).id
}
