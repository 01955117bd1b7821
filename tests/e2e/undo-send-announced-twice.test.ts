// A screen reader hears "Sending in 10 seconds" for each message sent, a second one sent while
// the first one's toast is still up too. Before, the status text stayed the same when the toast
// became the second message's, so nothing was said: its Undo went unannounced.
// Real renderer (Chromium), real core.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('twice', 'Quote for 40 chairs')] })
  await mailbox.app.threadRows.first().waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

type Spoken = { spokenAfter: string[] }

/** From now on, the text the toast's live region gains: what a screen reader is told. */
async function listen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: string[] = []
    ;(window as unknown as Spoken).spokenAfter = log
    const status = document.querySelector('[data-testid="undo-toast-status"]')!
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'characterData') log.push(record.target.textContent ?? '')
        for (const node of record.addedNodes) log.push(node.textContent ?? '')
      }
    }).observe(status, { childList: true, characterData: true, subtree: true })
  })
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as Spoken).spokenAfter)

it('says "sending in" for a second message sent while the first one\'s toast is up', async () => {
  const { page, app } = mailbox
  await app.openConversation('Quote for 40 chairs')
  await listen(page)
  await app.reply('One of two')
  const toast = page.getByTestId('undo-toast')
  await toast.waitFor()
  await expect.poll(() => spoken(page)).toEqual([expect.stringMatching(/^Sending in 10 seconds/)])
  const first = await toast.elementHandle()

  await listen(page)
  await app.reply('Two of two')
  // The toast is the second message's now; the first one's message is on its way.
  await first!.waitForElementState('hidden')
  await toast.waitFor()
  await expect.poll(() => spoken(page)).toContainEqual(expect.stringMatching(/^Sending in 10 seconds/))
  await page.getByTestId('undo-send').click()
  await toast.waitFor({ state: 'detached' })
})
