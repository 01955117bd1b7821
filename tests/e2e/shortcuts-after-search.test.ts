// The CRM shortcuts (e, s, a, c) act on the conversation the list has selected. A conversation
// opened from a search result is the one on screen, so the selection must follow it there:
// left on the row picked before the search, `e` closed a conversation the user was not reading.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail, type SeedMail } from './fixtures/seed-mail'
import type { CrmPage } from './pages/crm-page'
import { SearchPage } from './pages/search-page'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage
let search: SearchPage

/** Oldest first: one conversation each. */
const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Invoice 7788 overdue', hoursAgo: 48 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'search-shortcuts') })
  ;({ page, crm } = mailbox)
  search = new SearchPage(page)
  await crm.waitForSubjects(['Factory visit', 'Invoice 7788 overdue'])
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

async function statusOf(subject: string): Promise<string> {
  return ((await crm.conversation(subject)) as unknown as { status: string }).status
}

it('closes with e the conversation opened from a search result, not the row selected before', async () => {
  await crm.open('Factory visit')
  await search.search('7788')
  await search.results('message').first().click()
  await page.locator('#thread-subject', { hasText: 'Invoice 7788 overdue' }).waitFor()
  // The list marks the conversation on screen as the selected one, so the keys act on it.
  await crm.row('Invoice 7788 overdue').and(page.locator('[aria-selected="true"]')).waitFor()
  await page.keyboard.press('e')
  await crm.threadStatus.filter({ hasText: 'Closed' }).waitFor()
  expect(await statusOf('Invoice 7788 overdue')).toBe('closed')
  expect(await statusOf('Factory visit')).toBe('open')
})
