// Signing in again from the keyboard: the password typed under the sync status and Enter. The
// form goes once the account is active again, and the focus went with it, to <body>: the next
// Tab started again at the top of the page.
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
  mailbox = await connectMailbox({ mail: [mailFromCarlos('signin-focus', 'Quote for 40 chairs')] })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('keeps the keyboard in the sidebar after signing in again with Enter, not on the page', async () => {
  const { page } = mailbox
  const form = await passwordChangedOnServer(mailbox)
  await form.getByRole('textbox', { name: 'Password for alice@example.test' }).focus()
  await page.keyboard.type(NEW_PASSWORD)
  await page.keyboard.press('Enter')
  await form.waitFor({ state: 'detached', timeout: 30_000 })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  // The form went with the focus in it: a keyboard user was left on <body>, at the page's start.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-status')
})
