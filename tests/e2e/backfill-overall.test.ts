// The account-wide figure of "Sync older mail" in the folder list, in the real renderer against a
// real Dovecot: INBOX holds five messages and Sent three, of which the first import took the
// newest two of each. Both are started while the mailbox waits for sign-in, so no batch runs
// before the test has paused INBOX.
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  connectMailbox,
  mailFromCarlos,
  NEW_PASSWORD,
  passwordChangedOnServer,
  type ConnectedMailbox
} from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox
beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [1, 2, 3, 4, 5].map((n) => mailFromCarlos(`older-${n}`, `Order ${n}`)),
    sent: [1, 2, 3].map((n) => mailFromCarlos(`sent-${n}`, `Re: Order ${n}`)),
    importCount: 2
  })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})
afterAll(async () => {
  await mailbox?.stop()
})

const settings = () => mailbox.page.getByTestId('account-settings')
const backfillOf = (path: string) =>
  settings().locator(`[data-testid="folder-row"][data-folder="${path}"] [data-testid="backfill"]`)
const closeSettings = async () => {
  await mailbox.page.keyboard.press('Escape')
  await settings().waitFor({ state: 'hidden' })
}

it('shows the older mail of all started folders, paused or running, until the last is done', async () => {
  const { page, app } = mailbox
  const signIn = await passwordChangedOnServer(mailbox)
  await page.getByTestId('account-settings-open').click()
  const overall = settings().getByTestId('backfill-overall')
  const inbox = backfillOf('INBOX')
  const sent = backfillOf('Sent')
  await inbox.getByTestId('backfill-start').click()
  await sent.getByTestId('backfill-start').click()
  await expect.poll(() => sent.getAttribute('data-state')).toBe('running')
  // Waiting for sign-in, nothing counted yet: no "0 / 0".
  expect(await overall.count()).toBe(0)
  await inbox.getByTestId('backfill-pause').click()
  await expect.poll(() => inbox.getAttribute('data-state')).toBe('paused')
  await closeSettings()

  // Signed in, Sent goes on and finishes; its first batch asked INBOX's count too.
  await signIn.locator('input').fill(NEW_PASSWORD)
  await signIn.getByRole('button').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('account-settings-open').click()
  await expect.poll(() => sent.getAttribute('data-state'), { timeout: 30_000 }).toBe('done')
  await expect
    .poll(() => overall.getByTestId('backfill-overall-text').textContent())
    .toBe('Older mail paused, all folders: 1 / 4 (folder 2 of 2)')
  expect(await overall.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1')

  // Resumed, INBOX ends the run: the figure goes, as the first import's does.
  await inbox.getByTestId('backfill-start').click()
  await expect.poll(() => inbox.getAttribute('data-state'), { timeout: 30_000 }).toBe('done')
  await expect.poll(() => overall.count()).toBe(0)
  expect(await inbox.getByTestId('backfill-text').textContent()).toBe('All 5 messages synced')
  await closeSettings()
})
