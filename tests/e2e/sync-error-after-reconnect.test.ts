// "Sync now" pressed while the server cannot be reached fails, and the sidebar says so. Once the
// network is back and a sync goes through, that failure is over: "Up to date" must not stand
// above a red "Could not reach the server" left from before.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox({ imapNetwork: true })

it('clears the error of a Sync now pressed offline once a sync succeeds', async () => {
  const { page, app } = mailbox()
  const network = mailbox().network!
  await network.offline()
  await app.syncStatus.filter({ hasText: /offline/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('sync-now').click()
  // The press is answered (it failed: still offline) before the network comes back.
  await expect.poll(() => page.getByTestId('sync-now').isEnabled()).toBe(true)
  await app.syncStatus.filter({ hasText: /offline/i }).waitFor()
  await network.online()
  // The app reconnects by itself; "Up to date" only follows a pass that reached the server.
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  expect(await app.syncStatus.getByRole('alert').allTextContents()).toEqual([])
})
