// The search bar keeps the keys typed in it while its panel covers the conversation behind. With
// the panel closed, a click on a bare part of the bar (it spans the window) must not leave the
// keyboard's shortcuts dead; and "/" in the results goes back to the search box, as it did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail, type SeedMail } from './fixtures/seed-mail'
import type { CrmPage } from './pages/crm-page'
import { SearchPage } from './pages/search-page'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage
let search: SearchPage

const MAIL: SeedMail[] = [
  { from: 'Bob Tan <bob@shop.test>', subject: 'Widget order A', hoursAgo: 48 },
  { from: 'Carl Olsen <carl@shop.test>', subject: 'Widget order B', hoursAgo: 24 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Widget order C', hoursAgo: 1 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'search-bare') })
  ;({ page, crm } = mailbox)
  search = new SearchPage(page)
  await crm.row('Widget order A').waitFor({ timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const selectedRow = () => page.getByTestId('conversation-list').getAttribute('aria-activedescendant')

describe('the search bar with its panel closed', () => {
  it('leaves j/k to the conversation list after a click on a bare part of the bar', async () => {
    await crm.open('Widget order C')
    const before = await selectedRow()
    // Left of the centred search box: the bar itself, nothing in it.
    await page.locator('.global-search').click({ position: { x: 8, y: 8 } })
    expect(await search.panel.count()).toBe(0)
    expect(await page.getByTestId('recent-searches').count()).toBe(0)
    await page.keyboard.press('j')
    await expect.poll(selectedRow, { timeout: 3_000 }).not.toBe(before)
  })
})

describe('"/" in the search panel', () => {
  it('goes back to the search box from the results', async () => {
    await search.input.click()
    await search.search('widget')
    await search.results('message').nth(2).waitFor()
    await search.input.press('ArrowDown')
    await page.locator('.global-search [role="listbox"]:focus').waitFor()
    await page.keyboard.press('/')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null), {
        timeout: 3_000
      })
      .toBe('global-search-input')
  })
})
