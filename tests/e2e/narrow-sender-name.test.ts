// In an 800×600 window the reading pane is narrow, and in Chinese the date beside a message's
// sender is long (2026年11月2日 09:00): the sender's name must wrap between its words, not in
// the middle of one ("Carlos Mende" / "s").
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('zh-narrow', 'Quote for 40 chairs')],
    prepare: async (context) => {
      await preferLanguage(context, 'zh-CN')
    }
  })
  await mailbox.app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

it('keeps each word of the sender name on one line beside a Chinese date at 800×600', async () => {
  const { page, app } = mailbox
  await page.setViewportSize({ width: 800, height: 600 })
  await app.openConversation('Quote for 40 chairs')
  const from = app.messages.first().locator('.message__from')
  // The lines each word of the name takes, from the boxes the browser laid its letters in.
  const linesPerWord = await from.evaluate((heading) => {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      if (!text.includes('Carlos Mendes')) continue
      return ['Carlos', 'Mendes'].map((word) => {
        const range = document.createRange()
        const start = text.indexOf(word)
        range.setStart(node, start)
        range.setEnd(node, start + word.length)
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
      })
    }
    return null
  })
  await app.screenshot('narrow-sender-name-zh')
  expect(linesPerWord).toEqual([1, 1])
})
