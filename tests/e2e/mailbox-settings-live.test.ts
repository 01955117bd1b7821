// What a user sees of sync in the mailbox settings while mail arrives: the per-folder count of
// stored messages, with its plural, kept current in the real renderer against a real Dovecot.
import { expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { mailFromCarlos, useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

const settings = () => mailbox().page.getByTestId('account-settings')
const inboxCount = () =>
  settings()
    .locator('[data-testid="folder-row"][data-folder="INBOX"]')
    .getByTestId('backfill-text')
    .textContent()

it('says "1 message stored" for a folder holding one message, not "1 messages"', async () => {
  await mailbox().page.getByTestId('account-settings-open').click()
  await settings().waitFor()
  await expect.poll(inboxCount).toBe('1 message stored')
})

it('counts the mail that arrives while the settings are open', async () => {
  const { server, app } = mailbox()
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'INBOX', [
    mailFromCarlos('second', 'Delivery on Friday')
  ])
  // IDLE brings it into the inbox behind the dialog...
  await app.threadRow('Delivery on Friday').waitFor({ timeout: 30_000 })
  // ...and the dialog's count follows.
  await expect.poll(inboxCount, { timeout: 10_000 }).toMatch(/^2 messages? stored$/)
})
