// Reading pane and search as a user sees them: the find counter when a second hit of the open
// conversation is opened, "Show more" keeping its place, long sender addresses and right-to-left text.
import type { Locator } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { SearchPage } from './pages/search-page'

const BASE = Date.parse('2026-11-02T09:00:00Z')
function mail(o: {
  id: string
  subject: string
  minutes: number
  from?: string
  replyTo?: string
  body: string
}): Buffer {
  return Buffer.from(
    [
      `From: ${o.from ?? 'Carlos Mendes <carlos@client.test>'}`,
      `To: ${MAILBOX_ADDRESS}`,
      `Subject: ${o.subject}`,
      `Message-ID: <${o.id}@client.test>`,
      ...(o.replyTo
        ? [`In-Reply-To: <${o.replyTo}@client.test>`, `References: <${o.replyTo}@client.test>`]
        : []),
      `Date: ${new Date(BASE + o.minutes * 60_000).toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      o.body,
      ''
    ].join('\r\n')
  )
}

// A bulk mailer's bounce address, also written as its display name: one long word.
const BOUNCE = `bounce-mc.us5_${'a1b2c3d4'.repeat(6)}@mail123.suw11.mcdlv.net`

const MAIL: Buffer[] = [
  mail({ id: 'q1', subject: 'Quote for chairs', minutes: 1, body: 'The invoice goes to finance.' }),
  mail({ id: 'q2', subject: 'Re: Quote for chairs', minutes: 2, replyTo: 'q1', body: 'Which invoice?' }),
  mail({ id: 'q3', subject: 'Re: Quote for chairs', minutes: 3, replyTo: 'q2', body: 'The invoice of May.' }),
  // A sender whose address is one long word (a bulk mailer's bounce address).
  mail({
    id: 'bounce',
    subject: 'Newsletter',
    minutes: 100,
    from: `"${BOUNCE}" <${BOUNCE}>`,
    body: 'News.'
  }),
  mail({ id: 'rtl', subject: 'שלום', minutes: 102, body: 'שלום, מה שלומך? זו הודעה בעברית.' })
]
for (let i = 0; i < 60; i++) {
  MAIL.push(
    mail({
      id: `w${i}`,
      subject: `Widget order ${i}`,
      minutes: 10 + i,
      from: `Buyer ${i} <b${i}@shop.test>`,
      body: `widget number ${i}`
    })
  )
}

let mailbox: ConnectedMailbox
let search: SearchPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: MAIL })
  search = new SearchPage(mailbox.page)
  await mailbox.app.threadRow('Newsletter').waitFor({ timeout: 60_000 })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

async function closeSearch(): Promise<void> {
  await search.input.fill('')
  await search.input.press('Escape')
}

describe('search results', () => {
  afterEach(closeSearch)

  it('keeps the find counter when another hit of the conversation already open is opened', async () => {
    await search.search('invoice')
    await search.results('message').nth(2).waitFor()
    await search.results('message').nth(0).click()
    await search.counterIs('1 of 3')
    // Back to the search (its text is kept) and the next hit, in the same conversation.
    await search.input.click()
    await search.results('message').nth(1).click()
    // The click closed the panel, in the render that also showed the counter.
    await mailbox.page.locator('.search-panel').waitFor({ state: 'hidden' })
    expect(await mailbox.app.threadView.locator('mark').count()).toBe(3)
    expect(await search.findCounter.textContent()).toBe('1 of 3')
  })

  it('"Show more" keeps the list where it was scrolled to, and the focus in it', async () => {
    const { page } = mailbox
    await search.search('widget')
    await search.results('message').nth(49).waitFor()
    const body = page.locator('.search-panel__body')
    await body.evaluate((el) => (el.scrollTop = el.scrollHeight))
    const before = await body.evaluate((el) => el.scrollTop)
    expect(before).toBeGreaterThan(0)
    await page.locator('.search-panel__more').focus()
    await page.keyboard.press('Enter')
    await search.results('message').nth(55).waitFor()
    expect(await body.evaluate((el) => el.scrollTop)).toBeGreaterThanOrEqual(before)
    expect(await page.evaluate(() => document.activeElement?.closest('.search-panel') !== null)).toBe(true)
    // The first result it brought is the selected one, for the keys to go on from.
    await selectedIs('Widget order 9')
  })

  it('moves through the results with the arrow keys and j/k, keeps the selected one in view, and opens it with Enter', async () => {
    const { page, app } = mailbox
    const conversations = page.getByTestId('conversation-list')
    const conversationBefore = await conversations.getAttribute('aria-activedescendant')
    await search.search('widget')
    await search.results('message').nth(49).waitFor()
    // From the search box, the first result.
    await search.input.press('ArrowDown')
    await selectedIs('Widget order 59')
    const list = search.panel.getByRole('listbox')
    expect(await list.evaluate((element) => element === document.activeElement)).toBe(true)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await selectedIs('Widget order 57')
    await page.keyboard.press('k')
    await selectedIs('Widget order 58')
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await selectedIs('Widget order 56')
    // One result is selected, and the list says which to assistive technology.
    const selected = search.panel.getByRole('option', { selected: true })
    expect(await selected.count()).toBe(1)
    expect(await list.getAttribute('aria-activedescendant')).toBe(await selected.getAttribute('id'))
    // j and k were the list's, not also the conversation list's behind the panel.
    expect(await conversations.getAttribute('aria-activedescendant')).toBe(conversationBefore)
    // The last of the 50 is far below the fold: it is scrolled into view.
    await page.keyboard.press('End')
    await selectedIs('Widget order 10')
    await inView(selected)
    await page.keyboard.press('Home')
    await selectedIs('Widget order 59')
    await inView(selected)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await app.threadView.filter({ hasText: 'Widget order 58' }).getByTestId('message').first().waitFor()
    await search.panel.waitFor({ state: 'detached' })
  })

  it('goes back to the search box on Escape from the results, and closes them on a second Escape', async () => {
    const { page } = mailbox
    await search.search('widget')
    await search.results('message').first().waitFor()
    await search.input.press('ArrowDown')
    await selectedIs('Widget order 59')
    await page.keyboard.press('Escape')
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'global-search-input'
    )
    expect(await search.panel.isVisible()).toBe(true)
    expect(await search.input.inputValue()).toBe('widget')
    await page.keyboard.press('Escape')
    await search.panel.waitFor({ state: 'detached' })
  })
})

/** Waits until the selected result is the one with this subject (the date follows it unspaced). */
async function selectedIs(subject: string): Promise<void> {
  await search.panel
    .getByRole('option', { selected: true })
    .filter({ hasText: new RegExp(`^${subject}(?!\\d)`) })
    .waitFor()
}

/** Waits until the element is wholly inside the scrolled panel body. */
async function inView(element: Locator): Promise<void> {
  const handle = await element.elementHandle()
  await mailbox.page.waitForFunction((option) => {
    const body = option!.closest('.search-panel__body')!.getBoundingClientRect()
    const box = option!.getBoundingClientRect()
    return box.top >= body.top && box.bottom <= body.bottom
  }, handle)
}

describe('reading pane layout', () => {
  it('does not widen the pane past the window for a long unbroken sender address', async () => {
    const { page, app } = mailbox
    await page.setViewportSize({ width: 1100, height: 900 })
    try {
      await app.openConversation('Newsletter')
      const [scrollWidth, clientWidth] = await app.threadView.evaluate((pane) => [
        pane.scrollWidth,
        pane.clientWidth
      ])
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth)
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 })
    }
  })

  it('lays out a right-to-left plain-text mail right to left (its full stop at the left end)', async () => {
    const { app } = mailbox
    await app.openConversation('שלום')
    const pre = app.threadView.locator('pre.text-body')
    const ends = await pre.evaluate((element) => {
      const text = element.firstChild as Text
      const at = (i: number) => {
        const range = document.createRange()
        range.setStart(text, i)
        range.setEnd(text, i + 1)
        return range.getBoundingClientRect().left
      }
      const stop = text.data.lastIndexOf('.')
      return { first: at(0), last: at(stop), lastChar: text.data.trimEnd().at(-1) }
    })
    expect(ends.lastChar).toBe('.')
    // In a right-to-left paragraph the first letter is on the right and the full stop on the left.
    expect(ends.last).toBeLessThan(ends.first)
  })
})
