// The search panel owns the keyboard while it is shown: single-key shortcuts never reach the
// conversation hidden behind it, the recent searches move like the results, and Escape steps
// back one layer of the search at a time without closing anything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail, type SeedMail } from './fixtures/seed-mail'
import type { CrmPage } from './pages/crm-page'
import { SearchPage } from './pages/search-page'
import { recordSentCommands } from './fixtures/page-rpc'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage
let search: SearchPage

/** Oldest first: one conversation each. */
const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 72 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Widget order A', hoursAgo: 48 },
  { from: 'Carl Olsen <carl@shop.test>', subject: 'Widget order B', hoursAgo: 24 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Widget order C', hoursAgo: 1 }
]
const BEHIND = 'Quote for 200 chairs'

/** The contract commands the page sent, in order, on every WebSocket it opened. */
const sent: string[] = []
/** What any of the shortcuts would send for the conversation behind the panel. */
const SHORTCUT_COMMANDS = [
  'conversations.close',
  'messages.archive',
  'messages.delete',
  'messages.setFlags',
  'conversations.snooze',
  'conversations.assign'
]

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail(MAIL, 'search-keys'),
    prepare: async (context) => recordSentCommands(context, sent)
  })
  ;({ page, crm } = mailbox)
  search = new SearchPage(page)
  await crm.row('Widget order C').waitFor({ timeout: 60_000 })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)
const listboxFocused = () =>
  page.evaluate(
    () => document.activeElement?.closest('.global-search [role="listbox"]') === document.activeElement
  )

/** Waits until the selected option of the focused list box is the one with this text. */
async function selectedIs(text: string): Promise<void> {
  await page
    .locator('.global-search [role="listbox"]:focus [role="option"][aria-selected="true"]')
    .filter({ hasText: text })
    .waitFor()
}

/**
 * Opens the conversation behind, read (so Shift+U, y and # all apply to it), and waits until its
 * mail actions are offered.
 */
async function openBehind(): Promise<void> {
  await crm.open(BEHIND)
  await page.getByTestId('thread-mark-unread').waitFor()
  await page.getByTestId('thread-archive').waitFor()
  await page.getByTestId('thread-delete').waitFor()
}

/** Every single-key shortcut of the list and the open conversation, but c (it moves the focus). */
async function pressShortcuts(): Promise<void> {
  for (const key of ['e', 's', 'a', 'y', 'Shift+U']) await page.keyboard.press(key)
  await page.keyboard.type('#')
}

describe('shortcut keys while the search panel is shown', () => {
  it('leaves the conversation behind the results alone, whatever key is typed in them', async () => {
    await openBehind()
    const rowBefore = await page.getByTestId('conversation-list').getAttribute('aria-activedescendant')
    await page.keyboard.press('/')
    await search.search('widget')
    await search.results('message').nth(2).waitFor()
    await search.input.press('ArrowDown')
    await selectedIs('Widget order C')

    await pressShortcuts()
    await page.keyboard.press('c')
    // Still in the list, which still takes its own keys; no menu opened over the conversation.
    expect(await listboxFocused()).toBe(true)
    await page.keyboard.press('j')
    await selectedIs('Widget order B')
    expect(await page.getByTestId('snooze-menu').count()).toBe(0)
    expect(await page.getByTestId('assign-menu').count()).toBe(0)

    // A tab of the panel: the same keys, and j/k, are not the conversation list's either.
    await page.keyboard.press('Escape')
    await search.input.press('Tab')
    expect(await focusedTestId()).toBe('search-tab-messages')
    await pressShortcuts()
    await page.keyboard.press('j')
    await page.keyboard.press('Enter')
    expect(await focusedTestId()).toBe('search-tab-messages')

    await page.keyboard.press('Tab')
    await selectedIs('Widget order B')
    expect(await page.getByTestId('conversation-list').getAttribute('aria-activedescendant')).toBe(rowBefore)
    expect(await page.getByTestId('comment-box').count()).toBe(0)

    // Opening a result sends search.remember: every key above had been handled by then.
    await page.keyboard.press('Enter')
    await page.locator('#thread-subject', { hasText: 'Widget order B' }).waitFor()
    await expect.poll(() => sent.includes('search.remember')).toBe(true)
    expect(sent.filter((command) => SHORTCUT_COMMANDS.includes(command))).toEqual([])
  })

  it('keeps them off after a click on a bare part of the panel', async () => {
    await openBehind()
    await search.input.click()
    await search.search('widget')
    await search.results('message').nth(2).waitFor()
    const before = sent.length
    // Beside the tabs: nothing there takes the focus but the search bar itself.
    const tabs = search.panel.getByRole('tablist')
    const box = (await tabs.boundingBox())!
    await tabs.click({ position: { x: box.width - 10, y: box.height / 2 } })
    await pressShortcuts()
    await page.keyboard.press('c')
    await page.keyboard.press('Escape')
    await search.input.press('ArrowDown')
    await selectedIs('Widget order C')
    await page.keyboard.press('Enter')
    await page.locator('#thread-subject', { hasText: 'Widget order C' }).waitFor()
    await expect.poll(() => sent.slice(before).includes('search.remember')).toBe(true)
    expect(sent.slice(before).filter((command) => SHORTCUT_COMMANDS.includes(command))).toEqual([])
    expect(await page.getByTestId('snooze-menu').count()).toBe(0)
  })

  it('closes the panel when Tab leaves it, so the keys act on what is seen again', async () => {
    await search.input.click()
    await search.search('widget')
    await search.results('message').nth(2).waitFor()
    await search.input.press('ArrowDown')
    await page.keyboard.press('Tab')
    await search.panel.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.closest('.global-search'))).toBeNull()
  })
})

describe('recent searches from the keyboard', () => {
  it('moves into them with ArrowDown, through them with the list keys, runs one with Enter and goes back with Escape', async () => {
    await search.call('search.remember', { query: 'widget', kind: 'messages' })
    await search.call('search.remember', { query: 'chairs', kind: 'messages' })
    await search.call('search.remember', { query: 'carl', kind: 'contacts' })
    await search.search('')
    await search.recent.filter({ hasText: 'carl' }).waitFor()
    expect(await search.recent.allTextContents()).toEqual([
      expect.stringContaining('carl'),
      expect.stringContaining('chairs'),
      expect.stringContaining('widget')
    ])
    await search.input.press('ArrowDown')
    await selectedIs('carl')
    await page.keyboard.press('ArrowDown')
    await selectedIs('chairs')
    await page.keyboard.press('End')
    await selectedIs('widget')
    await page.keyboard.press('Home')
    await selectedIs('carl')
    await page.keyboard.press('j')
    await selectedIs('chairs')
    const list = page.getByTestId('recent-searches').getByRole('listbox')
    const selected = list.getByRole('option', { selected: true })
    expect(await list.getAttribute('aria-activedescendant')).toBe(await selected.getAttribute('id'))

    // Escape: back in the box, the searches still offered, the one reached still selected.
    await page.keyboard.press('Escape')
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'global-search-input'
    )
    expect(await search.recent.count()).toBe(3)
    await search.input.press('ArrowDown')
    await selectedIs('chairs')
    await page.keyboard.press('Enter')
    expect(await search.input.inputValue()).toBe('chairs')
    expect(await focusedTestId()).toBe('global-search-input')
    await search.results('message').filter({ hasText: 'Quote for 200 chairs' }).waitFor()
    expect(await search.tab('messages').getAttribute('aria-selected')).toBe('true')
    await page.keyboard.press('Escape')
    await search.panel.waitFor({ state: 'detached' })
  })
})

describe('Escape in the search', () => {
  /** Searches "widget", moves into the results and comes back to the box with Escape. */
  async function escapeFromResults() {
    await search.input.click()
    await search.search('widget')
    await search.results('message').nth(2).waitFor()
    await search.input.press('ArrowDown')
    await selectedIs('Widget order C')
    await page.keyboard.press('Escape')
    expect(await focusedTestId()).toBe('global-search-input')
  }

  it('goes back one step in the search and leaves the contact drawer behind it open', async () => {
    await crm.open(BEHIND)
    await crm.openContact()
    await escapeFromResults()
    // A tab of the panel, like its list, goes back to the box.
    await search.input.press('Tab')
    expect(await focusedTestId()).toBe('search-tab-messages')
    await page.keyboard.press('Escape')
    expect(await focusedTestId()).toBe('global-search-input')
    expect(await search.panel.isVisible()).toBe(true)
    expect(await crm.drawer.count()).toBe(1)
    await page.keyboard.press('Escape')
    await search.panel.waitFor({ state: 'detached' })
    expect(await crm.drawer.count()).toBe(1)
    // The next Escape is the drawer's.
    await page.keyboard.press('Escape')
    await crm.drawer.waitFor({ state: 'detached' })
  })

  it("is the search's, not the notification centre's left open beside it", async () => {
    await page.getByTestId('notifications-open').click()
    const center = page.getByTestId('notification-center')
    await center.waitFor()
    await escapeFromResults()
    expect(await center.count()).toBe(1)
    await page.keyboard.press('Escape')
    await search.panel.waitFor({ state: 'detached' })
    expect(await center.count()).toBe(1)
    await page.keyboard.press('Escape')
    await center.waitFor({ state: 'detached' })
  })

  it('cannot reach the search bar hidden behind a dialog: Shift+Tab stays out of it', async () => {
    await page.getByTestId('new-message').click()
    const composer = mailbox.app.composer
    await composer.waitFor()
    await page.waitForFunction(() => document.activeElement?.id === 'composer-to')
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.closest('.global-search') ?? null)).toBeNull()
    expect(await page.getByTestId('recent-searches').count()).toBe(0)
    expect(await search.panel.count()).toBe(0)
    await composer.locator('#composer-to').focus()
    await page.keyboard.press('Escape')
    await composer.waitFor({ state: 'detached' })
  })
})
