// Undo of a conversation's delete after another mail program emptied the server's Trash: there is
// no server copy to put back, and the toolbar says so, rather than "This value is not valid".
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()
const SUBJECT = 'Quote for 40 chairs'

it('says the mail is no longer on the server when Undo comes after the Trash was emptied there', async () => {
  const { page, app, crm, server } = mailbox()
  await crm.open(SUBJECT)
  await page.getByTestId('thread-delete').click()
  await page.getByTestId('thread-undo-button').waitFor()
  // The delete reaches the server (the message is in its Trash), then another client empties it.
  await expect
    .poll(async () => (await server.doveadm(['search', '-u', 'alice', 'mailbox', 'Trash', 'ALL'])).trim())
    .not.toBe('')
  await server.doveadm(['expunge', '-u', 'alice', 'mailbox', 'Trash', 'ALL'])
  await page.getByTestId('sync-now').click()
  await app.threadView.getByText('Deleted on the server.', { exact: false }).waitFor({ timeout: 30_000 })

  await page.getByTestId('thread-undo-button').click()
  const error = page.getByTestId('thread-action-error')
  await error.waitFor()
  expect(await error.textContent()).toMatch(/no longer on the server/i)
  expect(await error.textContent()).not.toMatch(/value is not valid/i)
})
