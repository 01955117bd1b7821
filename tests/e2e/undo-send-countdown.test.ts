// The undo-send toast counts down on screen, but a screen reader hears it once: the seconds that
// tick are kept out of the live region. And a toast comes up for every send, however long after
// the last one. The page's clock (Playwright's) and the core's (RAPPORT_TEST_CLOCK=1, test-only)
// are moved together by the test, so nothing waits on the wall clock.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('countdown', 'Quote for 40 chairs')],
    env: { RAPPORT_TEST_CLOCK: '1' },
    prepare: (context) => context.clock.install()
  })
  await mailbox.app.threadRows.first().waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

/** What the page's live regions hold about sending, as a screen reader would read them. */
function announced(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const live = '[role="status"], [role="alert"], [role="log"], [aria-live]:not([aria-live="off"])'
    const spoken = (node: Node): string => {
      if (node instanceof Element && node.closest('[aria-hidden="true"]')) return ''
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? ''
      return [...node.childNodes].map(spoken).join('')
    }
    return [...document.querySelectorAll(live)].map(spoken).filter((text) => /send/i.test(text))
  })
}

/** Moves the page's clock and the core's by the same amount. */
async function later(page: Page, ms: number): Promise<void> {
  await pageRpcValue(page, 'testing.advanceClock', { ms })
  await page.clock.fastForward(ms)
}

it('says "sending in" once, while the seconds on screen count down', async () => {
  const { page, app } = mailbox
  await app.openConversation('Quote for 40 chairs')
  await app.reply('Counting down')
  const countdown = page.getByTestId('undo-toast').locator('.undo-toast__text')
  await countdown.waitFor()
  const first = await countdown.textContent()
  expect(first).toMatch(/Sending in \d+ s/)
  const before = await announced(page)
  expect(before).toEqual([expect.stringMatching(/Sending in 10 seconds/)])

  await page.clock.fastForward(3_000)
  await expect.poll(() => countdown.textContent()).not.toBe(first)
  expect(await announced(page)).toEqual(before)

  await page.getByTestId('undo-send').click()
  await page.getByTestId('undo-toast').waitFor({ state: 'detached' })
})

it('shows the toast for a send a minute after the last toast ran out', async () => {
  const { page, app } = mailbox
  await app.openConversation('Quote for 40 chairs')
  await app.reply('The first one')
  const toast = page.getByTestId('undo-toast')
  await toast.waitFor()
  // Its 10 s pass: the toast goes and the message is sent.
  await later(page, 11_000)
  await toast.waitFor({ state: 'detached' })
  await app.messages.filter({ hasText: 'The first one' }).waitFor()

  await later(page, 60_000)
  await app.reply('The second one')
  await toast.waitFor({ timeout: 10_000 })
  expect(await toast.textContent()).toMatch(/Sending in \d+ s/)
})
