// Keys typed while an input method composes (Chinese, Japanese, Korean) belong to the input
// method: ArrowDown walks its candidates, Enter commits, Escape cancels. The search bar must not
// act on them too (move into the results, remember the search, close the panel).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CDPSession, Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail, type SeedMail } from './fixtures/seed-mail'
import { SearchPage } from './pages/search-page'

let mailbox: ConnectedMailbox
let page: Page
let search: SearchPage
let cdp: CDPSession

const MAIL: SeedMail[] = [
  { from: 'Bob Tan <bob@shop.test>', subject: 'Widget order A', hoursAgo: 48 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Widget order 日本', hoursAgo: 1 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'search-ime') })
  page = mailbox.page
  search = new SearchPage(page)
  await mailbox.crm.row('Widget order 日本').waitFor({ timeout: 60_000 })
  cdp = await page.context().newCDPSession(page)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)

/** Types "widget " and starts composing "にほん" after it, as an IME does. */
async function composeAfterResults(): Promise<void> {
  await search.input.click()
  await search.search('widget ')
  await search.results('message').nth(1).waitFor()
  await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 })
  await expect.poll(() => search.input.inputValue()).toBe('widget にほん')
}

/** Records the next key the window sees, and whether the browser says an input method had it. */
async function recordNextKey(): Promise<void> {
  await page.evaluate(() =>
    window.addEventListener(
      'keydown',
      (event) =>
        ((window as unknown as { seen: unknown }).seen = { key: event.key, composing: event.isComposing }),
      { once: true, capture: true }
    )
  )
}
const lastKey = () => page.evaluate(() => (window as unknown as { seen: unknown }).seen)

describe('the search box while an input method composes', () => {
  it('leaves ArrowDown to the input method: the focus stays in the box', async () => {
    await composeAfterResults()
    await recordNextKey()
    await page.keyboard.press('ArrowDown')
    // The key is the input method's: the browser says so.
    expect(await lastKey()).toEqual({
      key: 'ArrowDown',
      composing: true
    })
    expect(await focusedTestId()).toBe('global-search-input')
    await cdp.send('Input.insertText', { text: '日本' })
  })

  it('leaves Escape to the input method: the search stays open', async () => {
    await composeAfterResults()
    await recordNextKey()
    await page.keyboard.press('Escape')
    expect(await lastKey()).toEqual({
      key: 'Escape',
      composing: true
    })
    expect(await focusedTestId()).toBe('global-search-input')
    // (A key sent by the test, not held by a real input method, also lets Chromium empty the
    // search box: the panel the search had open is what is looked at.)
    expect(await search.input.getAttribute('aria-expanded')).toBe('true')
    await cdp.send('Input.insertText', { text: '日本' })
  })

  it('leaves Enter to the input method: the half-typed search is not remembered', async () => {
    await composeAfterResults()
    await page.keyboard.press('Enter')
    await cdp.send('Input.insertText', { text: '日本' })
    await expect.poll(() => search.input.inputValue()).toBe('widget 日本')
    const recent = (await search.call('search.recent', {})) as Array<{ query: string }>
    expect(recent.map((r) => r.query)).not.toContain('widget にほん')
  })
})
