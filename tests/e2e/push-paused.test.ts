// What the sync status says while the server refuses IDLE (Microsoft 365 answers "NO Request is
// throttled" when it throttles): new mail is checked every few minutes rather than pushed. In the
// real renderer, with a loopback proxy answering IDLE on Dovecot's behalf.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox({ imapProxy: true })

it('says new mail is checked, not pushed, while the server refuses IDLE, and stops saying so once it takes IDLE', async () => {
  const { page, app, proxy } = mailbox()
  const notice = page.getByTestId('sync-push-paused')
  expect(await notice.count()).toBe(0)
  const idle = proxy!.refuse(/^\S+ IDLE$/, 'NO [LIMIT] Request is throttled')
  try {
    // Sync now ends the IDLE under way; the next one is refused.
    await page.getByTestId('sync-now').click()
    await idle.refused(1)
    await notice.waitFor()
    expect(await notice.textContent()).toBe(
      'The server is not sending new mail right away for now; Rapport checks for it every few minutes.'
    )
    // A notice, not a failure: the mailbox is still shown as up to date.
    await app.syncStatus.filter({ hasText: /up to date/i }).waitFor()
    await app.screenshot('push-paused')
  } finally {
    idle.stop()
  }
  // Sync now again ends the wait; IDLE is taken and stays open, and the notice goes.
  await page.getByTestId('sync-now').click()
  await notice.waitFor({ state: 'detached' })
})
