// Rapport in a small window (800×600, or a larger one zoomed in): the reading pane is narrow,
// and what it holds must still fit in it, not sit past its right edge behind a sideways scroll.
import { expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

/** How far the element's right edge is past the reading pane's visible right edge, in pixels. */
async function pastPaneEdge(element: Locator): Promise<number> {
  const pane = mailbox().page.locator('.thread-pane')
  const paneBox = await pane.evaluate((el) => {
    const box = el.getBoundingClientRect()
    return box.left + el.clientWidth
  })
  const box = (await element.boundingBox())!
  return Math.max(0, Math.round(box.x + box.width - paneBox))
}

it('keeps the find bar and its arrows inside the reading pane of an 800×600 window', async () => {
  const { page, crm, app } = mailbox()
  await page.setViewportSize({ width: 800, height: 600 })
  await crm.open('Quote for 40 chairs')
  for (const id of ['thread-find-input', 'thread-find-previous', 'thread-find-next'])
    expect(await pastPaneEdge(page.getByTestId(id)), id).toBe(0)
  expect(await page.locator('.thread-pane').evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0)
  await app.screenshot('narrow-window-thread')
})

it('keeps the reply box’s hint, Send later, Discard and Send inside it in an 800×600 window', async () => {
  const { page, crm, app } = mailbox()
  await page.setViewportSize({ width: 800, height: 600 })
  await crm.open('Quote for 40 chairs')
  // A draft brings Discard and "Draft saved" beside the hint, Send later and Send.
  await page.getByTestId('reply-box').fill('Forty chairs by Friday')
  await app.replyBox.getByTestId('draft-saved').waitFor()
  await app.replyBox.getByTestId('reply-discard').scrollIntoViewIfNeeded()
  const box = (await app.replyBox.boundingBox())!
  const outside = await app.replyBox.locator('.reply-box__actions > *').evaluateAll(
    (items, edges) =>
      items
        .filter((item) => {
          const r = item.getBoundingClientRect()
          return r.left < edges.left || r.right > edges.right
        })
        .map((item) => item.textContent),
    { left: box.x, right: box.x + box.width }
  )
  await app.screenshot('narrow-window-reply-actions')
  expect(outside).toEqual([])
  await app.replyBox.getByTestId('reply-discard').click()
})
