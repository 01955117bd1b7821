// Two tabs of web mode on one core (or two windows on one data directory): a reply written in
// one must not be written over, unseen, by the other. A tab shows what the other saved in a reply
// box it is not writing in; where both were writing at once, both texts are kept, the one saved
// first in the box and the other beside it (as Undo keeps a reply beside one being written).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Draft } from '../../src-preload/contract'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage
let second: Page
let secondApp: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [
      mailFromCarlos('chairs', 'Quote for 40 chairs'),
      mailFromCarlos('tables', 'Delivery of the tables')
    ]
  })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
  // The second tab is open from the start, as a tab left open is.
  second = await page.context().newPage()
  await second.goto(page.url())
  secondApp = new AppPage(second)
  await secondApp.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

const kept = async () => ((await pageRpcValue(page, 'drafts.list', {})) as Draft[]).map((d) => d.text)
const box = (tab: Page) => tab.getByTestId('reply-box')
const asides = (tab: Page) => tab.locator('.reply-box').getByTestId('aside-draft')

it('keeps the reply typed in one tab when the other tab then writes in the same reply box', async () => {
  await app.openConversation('Quote for 40 chairs')
  await box(page).fill('The quote, for Thursday')
  await expect.poll(kept, { timeout: 5_000 }).toEqual(['The quote, for Thursday'])

  // The second tab shows that reply in the conversation's reply box, not an empty one.
  await secondApp.openConversation('Quote for 40 chairs')
  await expect.poll(() => box(second).inputValue(), { timeout: 5_000 }).toBe('The quote, for Thursday')
  await box(second).fill('The quote, for Thursday\nAnd the delivery date')
  await box(second).blur()
  await expect.poll(kept, { timeout: 5_000 }).toEqual(['The quote, for Thursday\nAnd the delivery date'])

  // And the first tab, not writing there now, shows what the second saved: a save from it will
  // not put the older text back.
  await expect
    .poll(() => box(page).inputValue(), { timeout: 5_000 })
    .toBe('The quote, for Thursday\nAnd the delivery date')
  await box(page).fill('The quote, for Thursday\nAnd the delivery date, Monday')
  await box(page).blur()
  await expect
    .poll(kept, { timeout: 5_000 })
    .toEqual(['The quote, for Thursday\nAnd the delivery date, Monday'])
  expect(await asides(page).count()).toBe(0)
})

it('keeps both replies when the two tabs write in the same reply box at once', async () => {
  await app.openConversation('Delivery of the tables')
  await secondApp.openConversation('Delivery of the tables')
  // The second tab is writing (not saved yet: a second after the last keystroke) when the first
  // saves its own reply there.
  await box(second).fill('Written in the second tab')
  await box(page).fill('Written in the first tab')
  await box(page).blur()

  // Both are kept by the core: a restart would bring both back.
  await expect
    .poll(async () => (await kept()).sort(), { timeout: 10_000 })
    .toEqual(
      [
        'Written in the first tab',
        'Written in the second tab',
        'The quote, for Thursday\nAnd the delivery date, Monday'
      ].sort()
    )
  // The second tab shows the reply saved first in the box, its own beside it (Open swaps them).
  await expect.poll(() => box(second).inputValue(), { timeout: 5_000 }).toBe('Written in the first tab')
  expect(await asides(second).textContent()).toContain('Written in the second tab')
  // The first tab shows the second's beside its own too.
  await expect.poll(() => asides(page).count(), { timeout: 5_000 }).toBe(1)
  expect(await asides(page).textContent()).toContain('Written in the second tab')
  expect(await box(page).inputValue()).toBe('Written in the first tab')

  await asides(second).getByTestId('aside-draft-open').click()
  expect(await box(second).inputValue()).toBe('Written in the second tab')
  expect(await asides(second).textContent()).toContain('Written in the first tab')
})
