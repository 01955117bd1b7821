// Changes made offline still wait when the server then refuses the password: the sync status,
// which said "Offline, 1 change waiting", must go on counting them beside "sign in again", not
// drop the count as if they had reached the server. Signing in sends them.
import { expect, it } from 'vitest'
import { countByMessageId } from '../support/imap-probe'
import { pageRpcValue } from './fixtures/page-rpc'
import { NEW_PASSWORD, useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox({ imapNetwork: true })

it('keeps counting the changes waiting while the mailbox waits to be signed in again', async () => {
  const { page, app, server, network } = mailbox()
  await app.openConversation('Quote for 40 chairs')
  // Opening marked it read; that change reaches the server before the network goes ("up to
  // date" alone could show before the change was queued, and the count below was then 2).
  await expect.poll(() => pageRpcValue(page, 'tasks.list', {}), { timeout: 30_000 }).toEqual([])
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor()
  await network!.offline()
  await app.syncStatus.filter({ hasText: /offline/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('thread-archive').click()
  await app.syncStatus.filter({ hasText: 'Offline, 1 change waiting' }).waitFor()

  await server.setPassword('alice', NEW_PASSWORD)
  await network!.online()
  const form = page.getByTestId('sign-in-again')
  await form.waitFor({ timeout: 60_000 })
  expect(await page.getByTestId('sync-changes-waiting').textContent()).toBe(
    '1 change waiting to reach the server'
  )
  await app.screenshot('sign-in-again-changes-waiting')

  await form.locator('input').fill(NEW_PASSWORD)
  await form.getByRole('button').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  const alice = { ...server.users[0]!, password: NEW_PASSWORD }
  await expect.poll(() => countByMessageId(server, alice, 'Archive', '<first@client.test>')).toBe(1)
  expect(await page.getByTestId('sync-changes-waiting').count()).toBe(0)
})
