// In an 800×600 window the inbox list and the reading pane are narrow, and Indonesian words are
// long ("Semua status", "Cari di percakapan ini", "Tugaskan"): each control must still show its
// words whole, and a row's hover buttons must sit beside its address, not over it. Checked in the
// three UI languages at the smallest and ordinary window sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

const SUBJECT = 'Quote for 40 chairs'

/** How many pixels narrower a drop-down is than its choice and its arrow need. */
function squeezedBy(select: Locator): Promise<number> {
  return select.evaluate((el) => {
    const field = el.parentElement!
    const shown = el.getBoundingClientRect().width
    const flex = field.style.flex
    field.style.flex = 'none'
    const natural = el.getBoundingClientRect().width
    field.style.flex = flex
    return Math.round(natural - shown)
  })
}

/**
 * How many pixels of an empty text box's placeholder do not fit in the room its text has: inside
 * its padding, less what the browser keeps for a search box's clear "×" (kept even while empty).
 */
function placeholderOverflow(input: Locator): Promise<number> {
  return input.evaluate((el: HTMLInputElement) => {
    // The placeholder and the "×" live in the browser's own shadow tree, out of reach: the same
    // words as the value take the same room, which the box's scroll width then measures (it counts
    // the padding and the room kept for the "×"). The value is put back at once, without an input
    // event, so the page never sees it.
    const value = el.value
    el.value = el.placeholder
    const overflow = el.scrollWidth - el.clientWidth
    el.value = value
    return Math.max(0, overflow)
  })
}

/** The pieces of a row's bottom line whose shown text a hover button covers, by class. */
function coveredByQuickActions(row: Locator): Promise<string[]> {
  return row.evaluate((element) => {
    const buttons = [...element.querySelectorAll('.conversation-row__quick button')].map((button) =>
      button.getBoundingClientRect()
    )
    const meets = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
    return [...element.querySelectorAll('.conversation-row__meta > *')]
      .filter((piece) => {
        // What the piece shows: its text, cut to its own box (a long address ends in "…").
        const range = document.createRange()
        range.selectNodeContents(piece)
        const text = range.getBoundingClientRect()
        const box = piece.getBoundingClientRect()
        const left = Math.max(text.left, box.left)
        const right = Math.min(text.right, box.right)
        if (right <= left || text.height === 0) return false
        const shown = new DOMRect(left, text.top, right - left, text.height)
        return buttons.some((button) => meets(shown, button))
      })
      .map((piece) => piece.className)
  })
}

describe.each(['id-ID', 'en-US', 'zh-CN'])('with the UI in %s', (language) => {
  let mailbox: ConnectedMailbox

  beforeAll(async () => {
    mailbox = await connectMailbox({
      mail: [mailFromCarlos(`narrow-${language}`, SUBJECT)],
      prepare: async (context) => {
        await preferLanguage(context, language)
      }
    })
    await mailbox.app.threadRows.first().waitFor()
  })

  afterAll(async () => {
    await mailbox?.stop()
  })

  it.each([
    [800, 600],
    [1280, 800]
  ])('shows the status and sort choices whole in a %i×%i window', async (width, height) => {
    const { page, app } = mailbox
    await page.setViewportSize({ width, height })
    await app.threadRows.first().waitFor()
    await app.screenshot(`narrow-controls-toolbar-${language}-${width}`)
    for (const id of ['status-filter', 'sort-order']) {
      const select = page.getByTestId(id)
      const first = await select.inputValue()
      for (const value of await select
        .locator('option')
        .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))) {
        await select.selectOption(value)
        expect(await squeezedBy(select), `${id} showing ${value}`).toBe(0)
      }
      await select.selectOption(first)
    }
  })

  it.each([
    [800, 600],
    [1280, 800],
    [1400, 900]
  ])('shows the whole placeholder of the find box in a %i×%i window', async (width, height) => {
    const { page, app } = mailbox
    await page.setViewportSize({ width, height })
    await app.openConversation(SUBJECT)
    await app.screenshot(`narrow-controls-find-${language}-${width}`)
    expect(await placeholderOverflow(page.getByTestId('thread-find-input'))).toBe(0)
  })

  it.each([
    [800, 600],
    [1280, 800]
  ])('puts a row’s hover buttons beside its status and address in a %i×%i window', async (width, height) => {
    const { page, app } = mailbox
    await page.setViewportSize({ width, height })
    const row = app.threadRow(SUBJECT)
    await page.mouse.move(0, 0)
    await row.getByTestId('quick-snooze').waitFor({ state: 'hidden' })
    const textTop = () => row.locator('.thread-row__subject').evaluate((el) => el.getBoundingClientRect().top)
    const topBefore = await textTop()
    await row.hover()
    await row.getByTestId('quick-snooze').waitFor()
    await app.screenshot(`narrow-controls-row-${language}-${width}`)
    expect(await coveredByQuickActions(row)).toEqual([])
    // Nor do they move the row's text as the pointer comes in.
    expect(await textTop()).toBe(topBefore)
    // Beside them, not hidden to make room: some of the address still shows.
    expect((await row.locator('.conversation-row__mailbox').boundingBox())!.width).toBeGreaterThan(0)
  })
})
