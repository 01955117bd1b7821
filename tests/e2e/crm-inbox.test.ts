import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pageRpc } from './fixtures/page-rpc'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { recordNotifications } from './fixtures/recorded-notifications'
import type { AppPage } from './pages/app-page'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// The CRM inbox against a real Dovecot: inboxes, filters, sorts, snooze with the core's clock
// moved forward (RAPPORT_TEST_CLOCK=1, test-only), block/unblock, a comment with a mention,
// and merging two contacts.

const HOUR = 3_600_000

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage
let crm: CrmPage

/** Oldest first: one conversation each, from five senders (two of them Bob). */
const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 72 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice question', hoursAgo: 48 },
  { from: 'Bob Tan <bob+orders@shop.test>', subject: 'Order 4411', hoursAgo: 24 },
  { from: 'Spam Sender <offers@spam.test>', subject: 'Buy followers now', hoursAgo: 5 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]
const NEWEST_FIRST = newestFirst(MAIL)

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail(MAIL, 'crm-e2e'),
    env: { RAPPORT_TEST_CLOCK: '1' },
    prepare: recordNotifications
  })
  ;({ page, app, crm } = mailbox)
  await crm.waitForSubjects(NEWEST_FIRST)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('the CRM inbox', () => {
  it('lists every conversation newest first and sorts them oldest first on request', async () => {
    // The counts are inboxes.list's, the rows waited for another query's.
    await expect.poll(() => crm.inbox('all').getByTestId('inbox-count').textContent()).toBe('5')
    expect(await crm.rows.first().getByTestId('conversation-status').textContent()).toBe('Open')
    expect(await crm.rows.first().textContent()).toContain('Li Wei')
    await app.screenshot('crm-inbox')
    await crm.setSort('oldest')
    await crm.waitForSubjects([...NEWEST_FIRST].reverse())
    await crm.setSort('newest')
    await crm.waitForSubjects(NEWEST_FIRST)
  })

  it('moves with j and k, and jumps to the search bar with /', async () => {
    await crm.open('Factory visit')
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('k')
    expect(await crm.row('Buy followers now').getAttribute('aria-selected')).toBe('true')
    await page.keyboard.press('/')
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'global-search-input')
    ).toBe(true)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  })

  it('moves a conversation from Unassigned to Mine when it is assigned to me', async () => {
    // New mail lights only the highest-priority inbox it belongs to; opening it clears the dot.
    await crm.inbox('unassigned').getByTestId('inbox-dot').waitFor()
    expect(await crm.inbox('all').getByTestId('inbox-dot').count()).toBe(0)
    await crm.inbox('unassigned').click()
    await crm.waitForSubjects(NEWEST_FIRST)
    await crm.inbox('unassigned').getByTestId('inbox-dot').waitFor({ state: 'detached' })
    await crm.row('Invoice question').hover()
    await crm.row('Invoice question').getByTestId('quick-assign').click()
    await page.getByTestId('assign-menu').getByTestId('assign-member').first().click()
    await crm.waitForSubjects(NEWEST_FIRST.filter((s) => s !== 'Invoice question'))
    await crm.inbox('mine').click()
    await crm.waitForSubjects(['Invoice question'])
    expect(await page.getByTestId('inbox-title').textContent()).toBe('Mine')
    await page.waitForFunction(
      () =>
        document.querySelector('[data-inbox="mine"] [data-testid="inbox-count"]')?.textContent === '1' &&
        document.querySelector('[data-inbox="unassigned"] [data-testid="inbox-count"]')?.textContent === '4'
    )
    await crm.inbox('all').click()
    await crm.waitForSubjects(NEWEST_FIRST)
  })

  it('closes with the e key, and shows closed conversations under Closed but not under Open', async () => {
    await crm.open('Order 4411')
    await page.keyboard.press('e')
    await page
      .locator('[data-testid="conversation-row"][data-status="closed"]', { hasText: 'Order 4411' })
      .waitFor()
    await crm.setStatus('open')
    await crm.waitForSubjects(NEWEST_FIRST.filter((s) => s !== 'Order 4411'))
    await crm.setStatus('closed')
    await crm.waitForSubjects(['Order 4411'])
    await crm.setStatus('all')
    await crm.waitForSubjects(NEWEST_FIRST)
  })

  it('saves a filter as a custom inbox that shows when it was updated and refreshes by hand', async () => {
    await crm.setStatus('closed')
    await page.getByRole('button', { name: /save view as inbox/i }).click()
    await page.locator('#custom-inbox-name').fill('Closed deals')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    const custom = page.locator('[data-testid="inbox-item"][data-kind="custom"]', { hasText: 'Closed deals' })
    await custom.waitFor()
    // Listed on the `changed` event, chosen on the save's answer: either may come first.
    await expect.poll(() => custom.getAttribute('aria-current')).toBe('page')
    await crm.waitForSubjects(['Order 4411'])
    const updated = page.getByTestId('custom-updated')
    expect(await updated.textContent()).toMatch(/^updated /)
    await page.getByTestId('custom-refresh').click()
    await crm.waitForSubjects(['Order 4411'])
    await crm.inbox('all').click()
    await crm.setStatus('all')
    await crm.waitForSubjects(NEWEST_FIRST)
  })

  it('snoozes for an hour, and wakes with a notification once the clock passes that hour', async () => {
    await crm.open('Factory visit')
    await page.keyboard.press('s')
    await page.getByTestId('snooze-menu').getByTestId('snooze-1h').click()
    await crm.threadStatus.filter({ hasText: 'Snoozed' }).waitFor()
    await crm.setStatus('open')
    await crm.waitForSubjects(['Buy followers now', 'Invoice question', 'Quote for 200 chairs'])
    await crm.setStatus('snoozed')
    await crm.waitForSubjects(['Factory visit'])

    const early = (await crm.callCore('testing.advanceClock', { ms: HOUR / 2 })) as { woken: number }
    expect(early.woken).toBe(0)
    const late = (await crm.callCore('testing.advanceClock', { ms: HOUR })) as { woken: number }
    expect(late.woken).toBe(1)

    await crm.threadStatus.filter({ hasText: 'Open' }).waitFor()
    // The header sums the time in each status: the snooze lasted until the clock passed its hour.
    expect(await page.getByTestId('thread-durations').textContent()).toMatch(/^Open \d+ \w+ · Snoozed 1 hr$/)
    await crm.waitForSubjects([])
    await page.locator('[data-testid="timeline-event"][data-type="woken"]').waitFor()
    await page.getByTestId('notifications-unread').waitFor()
    await page.getByTestId('notifications-open').click()
    await page.locator('[data-testid="notification"][data-kind="snooze-woken"]').waitFor()
    const shown = await page.evaluate(
      () => (window as unknown as { shownNotifications: string[] }).shownNotifications
    )
    expect(shown.some((text) => text.startsWith('A snoozed conversation is back'))).toBe(true)
    await page.getByTestId('notifications-open').click()
    await crm.setStatus('all')
    await crm.waitForSubjects(NEWEST_FIRST)
  })

  it('adds a teammate in settings and mentions them in an internal comment', async () => {
    await page.getByTestId('settings-open').click()
    const form = page.getByTestId('add-member-form')
    await form.getByRole('textbox', { name: 'Name' }).fill('Dewi Lestari')
    await form.getByRole('textbox', { name: 'Email' }).fill('dewi@team.test')
    await form.getByRole('button').click()
    await page.getByTestId('member-row').filter({ hasText: 'dewi@team.test' }).waitFor()
    await page.getByTestId('settings-close').click()

    await crm.open('Quote for 200 chairs')
    await page.keyboard.press('c')
    const box = page.getByTestId('comment-box')
    await box.waitFor()
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true)
    await box.pressSequentially('Could you call them? @De')
    await page.getByTestId('mention-option').filter({ hasText: 'Dewi Lestari' }).waitFor()
    await page.keyboard.press('Enter')
    expect(await box.inputValue()).toBe('Could you call them? @Dewi Lestari ')
    await box.pressSequentially('thanks')
    await page.getByTestId('send-comment').click()
    const comment = page.getByTestId('timeline-comment').filter({ hasText: 'Could you call them?' })
    await comment.waitFor()
    expect(await comment.getByTestId('mention').textContent()).toBe('@Dewi Lestari')
    // The box empties on the comment's answer, the timeline on its own query: either may come first.
    await expect.poll(() => box.inputValue()).toBe('')
    await app.screenshot('crm-thread-comment')
  })

  it('blocks a contact into the Blocked inbox, and unblocking brings the conversation back closed', async () => {
    expect(await crm.inbox('blocked').count()).toBe(0)
    await crm.open('Buy followers now')
    await crm.openContact()
    await crm.drawer.getByTestId('contact-block').click()
    await crm.drawer.getByTestId('contact-blocked').waitFor()
    // The timeline says why the conversation closed, not only who closed it.
    const closed = page.locator('[data-testid="timeline-event"][data-type="closed"]')
    await closed.filter({ hasText: 'the contact was blocked' }).waitFor()
    expect(await closed.textContent()).toMatch(/^Closed by .+: the contact was blocked/)
    await crm.inbox('blocked').waitFor()
    await crm.waitForSubjects(NEWEST_FIRST.filter((s) => s !== 'Buy followers now'))
    await crm.inbox('blocked').click()
    await crm.waitForSubjects(['Buy followers now'])

    await crm.drawer.getByTestId('contact-unblock').click()
    await crm.inbox('blocked').waitFor({ state: 'detached' })
    await page.waitForFunction(
      () => document.querySelector('[data-testid="inbox-title"]')?.textContent === 'All'
    )
    await crm.waitForSubjects(NEWEST_FIRST)
    expect(await crm.row('Buy followers now').getAttribute('data-status')).toBe('closed')
    await crm.drawer.getByTestId('contact-close').click()
  })

  it('merges the two Bob contacts suggested by the same address, and undoes the merge', async () => {
    await crm.open('Invoice question')
    await crm.openContact()
    const emails = crm.drawer.getByTestId('field-emails')
    expect(await emails.textContent()).not.toContain('bob+orders@shop.test')
    const suggestion = crm.drawer.getByTestId('merge-suggestion')
    await suggestion.filter({ hasText: 'bob+orders@shop.test' }).waitFor()
    await suggestion.getByTestId('merge-contact').click()
    await emails.filter({ hasText: 'bob+orders@shop.test' }).waitFor()
    expect(await emails.textContent()).toContain('bob@shop.test')
    await crm.drawer.locator('[data-testid="activity-entry"][data-type="contact_merged"]').waitFor()
    await app.screenshot('crm-contact-drawer')

    await crm.drawer.getByTestId('unmerge-contact').click()
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="field-emails"]')?.textContent?.includes('bob+orders')
    )
    await crm.drawer.getByTestId('merge-suggestion').filter({ hasText: 'bob+orders@shop.test' }).waitFor()

    // The other Bob blocked: this one is not, so the refusal must not say that this one is.
    const others = await pageRpc(page, 'contacts.list', { search: 'bob+orders@shop.test' })
    const [other] = others.value as Array<{ id: string }>
    expect((await pageRpc(page, 'contacts.block', { contactId: other!.id })).ok).toBe(true)
    await crm.drawer
      .getByTestId('merge-suggestion')
      .filter({ hasText: 'bob+orders@shop.test' })
      .getByTestId('merge-contact')
      .click()
    const error = crm.drawer.getByTestId('merge-error')
    await error.waitFor()
    expect(await error.textContent()).toBe(
      'One of the two contacts is blocked and the other is not. Unblock it (or block the other) first, then merge.'
    )
    expect((await pageRpc(page, 'contacts.unblock', { contactId: other!.id })).ok).toBe(true)
  })
})
