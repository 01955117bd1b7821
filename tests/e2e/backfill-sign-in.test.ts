// "Sync older mail" on a mailbox paused for "sign in again", in the real renderer against a real
// Dovecot: the folder says it waits for the sign-in (not that a password was rejected), and the
// notice goes once the user has signed in again.
import { expect, it } from 'vitest'
import { NEW_PASSWORD, passwordChangedOnServer, useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

it('says "Sync older mail" waits for the sign-in, and stops saying so once signed in again', async () => {
  const { page, app } = mailbox()
  const signIn = await passwordChangedOnServer(mailbox())

  await page.getByTestId('account-settings-open').click()
  const backfill = '[data-testid="folder-row"][data-folder="INBOX"] [data-testid="backfill"]'
  const inbox = page.getByTestId('account-settings').locator(backfill)
  await inbox.getByTestId('backfill-start').click()
  const notice = inbox.getByRole('alert')
  await expect
    .poll(() => notice.textContent())
    .toBe('Waiting for you to sign in to this mailbox again; it goes on then.')
  await app.screenshot('backfill-waits-for-sign-in')
  await page.keyboard.press('Escape')

  await signIn.locator('input').fill(NEW_PASSWORD)
  await signIn.getByRole('button').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('account-settings-open').click()
  await page
    .getByTestId('account-settings')
    .locator(`${backfill}[data-state="done"]`)
    .waitFor({ timeout: 30_000 })
  expect(await notice.count()).toBe(0)
})
