// The sync status in an 800×600 window, in Indonesian, with two mailboxes: the sidebar holds more
// than the window shows, and the status sat below the accounts, so "offline, N changes waiting"
// and its buttons were out of sight until the user thought to scroll the sidebar. It must be seen
// as the window opens, and its long Indonesian button ("Sinkronkan sekarang") must fit its card.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { addBobMailbox } from './fixtures/second-mailbox'

let mailbox: ConnectedMailbox
beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('small-window', 'Quote for 40 chairs')],
    imapNetwork: true,
    prepare: (context) => preferLanguage(context, 'id-ID')
  })
  const { page, app, server, relay } = mailbox
  await app.syncStatus.filter({ hasText: /sudah terbaru/i }).waitFor({ timeout: 60_000 })
  await addBobMailbox(page, server, relay)
  await page.getByTestId('account').nth(1).waitFor()
  await page.setViewportSize({ width: 800, height: 600 })
})
afterAll(async () => {
  await mailbox?.stop()
})

/** Where `inner` sticks out of `outer`'s visible box, in pixels on each side (0 when inside). */
async function outside(inner: Locator, outer: Locator) {
  const a = (await inner.boundingBox())!
  const b = (await outer.boundingBox())!
  return {
    top: Math.max(0, Math.round(b.y - a.y)),
    bottom: Math.max(0, Math.round(a.y + a.height - (b.y + b.height))),
    left: Math.max(0, Math.round(b.x - a.x)),
    right: Math.max(0, Math.round(a.x + a.width - (b.x + b.width)))
  }
}
const inside = { top: 0, bottom: 0, left: 0, right: 0 }

it('shows "offline, changes waiting" and its buttons without scrolling the sidebar', async () => {
  const { page, app, network } = mailbox
  await network!.offline()
  await page.getByTestId('sync-now').click()
  await app.syncStatus.filter({ hasText: /luring/i }).waitFor({ timeout: 30_000 })
  // The user is looking at the inboxes at the top of the sidebar (pressing Sync now scrolled it).
  const sidebar = page.locator('.sidebar')
  await sidebar.evaluate((el) => el.scrollTo(0, 0))
  expect(await outside(app.syncStatus.getByRole('status'), sidebar)).toEqual(inside)
  expect(await outside(page.getByTestId('sync-now'), sidebar)).toEqual(inside)
  await app.screenshot('sync-status-small-window-offline')
})

it('keeps "Sinkronkan sekarang" inside the status card', async () => {
  const { page, app } = mailbox
  expect(await outside(page.getByTestId('sync-now'), app.syncStatus)).toEqual(inside)
})
