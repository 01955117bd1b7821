// Deleting one of two mailboxes from its settings: the dialog closes and the button that opened
// it goes with the mailbox, so focus must land on the mailbox that is left, not on the page.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { addBobMailbox } from './fixtures/second-mailbox'

const mailbox = useQuoteMailbox()

it('puts focus on the remaining mailbox once the other is deleted', async () => {
  const { page, server, relay } = mailbox()
  await addBobMailbox(page, server, relay)
  const accounts = page.getByTestId('account')
  await accounts.filter({ hasText: 'bob@example.test' }).waitFor()
  await page.getByRole('button', { name: /Mailbox settings for bob@example\.test/ }).click()
  const settings = page.getByTestId('account-settings')
  await settings.getByTestId('disconnect-delete').check()
  await settings.getByTestId('disconnect-start').click()
  await settings.getByTestId('disconnect-confirm').focus()
  await page.keyboard.press('Enter')
  await settings.waitFor({ state: 'detached' })
  await expect.poll(() => accounts.count()).toBe(1)
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null))
    .toMatch(/alice@example\.test/)
})
