// A second mailbox added from the app (not only with `rapport account add`): "Add mailbox" under
// the sidebar's accounts opens the add-account form; its errors show there, and once added the
// mailbox is listed and its mail imported beside the first one's.
import { expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()

it('adds a second mailbox from the sidebar, with the form’s errors in the dialog', async () => {
  const { page, app, server, relay } = mailbox()
  const bob = server.users[1]!
  await appendMessages(server, bob.user, bob.password, 'INBOX', [
    Buffer.from(
      'From: Dana Client <dana@client.test>\r\nTo: bob@example.test\r\nSubject: Invoice for Bob\r\n' +
        'Message-ID: <bob-1@client.test>\r\nDate: Tue, 3 Nov 2026 09:00:00 +0000\r\n\r\nHi Bob.\r\n'
    )
  ])
  await page.getByTestId('add-mailbox-open').click()
  const dialog = page.getByTestId('add-mailbox')
  await dialog.waitFor()
  const fields = {
    email: 'bob@example.test',
    user: bob.user,
    password: 'not-the-password',
    imap: { host: server.host, port: server.imapPort, security: 'none' as const },
    smtp: { host: server.host, port: relay.port, security: 'none' as const }
  }
  await app.fillAccount(fields)
  await app.submitAccount()
  await dialog.locator('#account-password-error').waitFor()
  expect(await dialog.locator('#account-password-error').textContent()).toMatch(/user name or password/i)
  await app.screenshot('add-mailbox-wrong-password')

  await page.locator('#account-password').fill(bob.password)
  await app.submitAccount()
  await dialog.waitFor({ state: 'detached' })
  await expect
    .poll(() => page.getByTestId('account').allTextContents())
    .toEqual([expect.stringContaining('alice@example.test'), expect.stringContaining('bob@example.test')])
  await app.threadRow('Invoice for Bob').waitFor({ timeout: 30_000 })
  expect(await app.threadRow('Quote for 40 chairs').count()).toBe(1)
  // Focus goes back where it was, not to the page.
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
    .toBe('add-mailbox-open')
})
