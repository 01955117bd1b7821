// Retry on Outbox mail of a mailbox kept as an archive is refused for the reason the row already
// gives. The row used to show the same sentence twice, once as its reason and once as Retry's
// error; the refusal is now said as one.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('retry-1', 'Hello')] })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

it('says a Retry refused for the reason shown once, not the reason again', async () => {
  const { page } = mailbox
  const [account] = (await pageRpcValue(page, 'accounts.list', {})) as Array<{ id: number }>
  await pageRpcValue(page, 'outbox.send', {
    accountId: account!.id,
    to: ['dewi@client.test'],
    subject: 'Samples next week',
    text: 'See you then.',
    sendAt: new Date(Date.now() + 86_400_000).toISOString()
  })
  await pageRpcValue(page, 'accounts.disconnect', { accountId: account!.id, mode: 'archive' })

  await page.getByTestId('outbox-open').click()
  const row = page.getByTestId('outbox-item')
  const reason = row.getByTestId('outbox-error')
  await expect.poll(() => reason.textContent()).toMatch(/archive/i)
  await row.getByTestId('outbox-retry').click()
  const refusal = row.getByRole('alert')
  await refusal.waitFor()
  expect(await refusal.textContent()).toBe('Not done, for the reason above.')
  expect(await row.textContent()).toContain(await reason.textContent())
})
