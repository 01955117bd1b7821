// The import depth field in the mailbox settings takes a whole number written in digits, as the
// daily send cap does: "0x10" or "1e3" is said to be wrong at the field, not saved as 16 or 1000
// (from a review).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox
beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('depth-garbage-1', 'Order 1')], importCount: 2 })
}, 120_000)
afterAll(async () => {
  await mailbox?.stop()
})

it('refuses "0x10" and "1e3" at the field instead of saving 16 or 1000', async () => {
  const { page, crm } = mailbox
  await page.getByTestId('account-settings-open').click()
  const depth = page.getByTestId('account-settings').getByTestId('import-depth')
  const count = depth.locator('#account-importLimit')
  const save = depth.getByTestId('import-depth-save')
  const stored = async () =>
    ((await crm.callCore('accounts.list', {})) as Array<{ importLimit: unknown }>)[0]!.importLimit

  for (const typed of ['0x10', '1e3']) {
    await count.fill(typed)
    await save.click()
    await depth
      .getByRole('alert')
      .filter({ hasText: 'Enter a whole number' })
      .or(depth.getByTestId('import-depth-saved'))
      .waitFor()
    expect(await stored()).toBe(2)
  }
})
