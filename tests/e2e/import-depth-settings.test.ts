// The import depth changed in the mailbox settings, in the real renderer against a real Dovecot:
// INBOX holds five messages, of which the first import took the newest two.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox
beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [1, 2, 3, 4, 5].map((n) => mailFromCarlos(`depth-${n}`, `Order ${n}`)),
    importCount: 2
  })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})
afterAll(async () => {
  await mailbox?.stop()
})

const settings = () => mailbox.page.getByTestId('account-settings')
const depth = () => settings().getByTestId('import-depth')
const inboxStored = () =>
  settings()
    .locator('[data-testid="folder-row"][data-folder="INBOX"]')
    .getByTestId('backfill-text')
    .textContent()

it('raising it fetches the older mail now inside it; lowering it removes nothing, as its hint says', async () => {
  const { page, app } = mailbox
  await page.getByTestId('account-settings-open').click()
  const count = depth().locator('#account-importLimit')
  expect(await count.inputValue()).toBe('2')
  await expect.poll(inboxStored).toBe('2 messages stored')
  expect(await depth().textContent()).toContain('Lowering it removes nothing already stored.')
  const save = depth().getByTestId('import-depth-save')
  expect(await save.isDisabled()).toBe(true)

  // Not a number: said at the field, nothing saved.
  await count.fill('0')
  await save.click()
  await depth().getByRole('alert').filter({ hasText: 'Enter a whole number' }).waitFor()

  // Deeper: the next pass, started at once, fetches the two older messages.
  await count.fill('4')
  await save.click()
  await depth().getByTestId('import-depth-saved').waitFor()
  await expect.poll(inboxStored, { timeout: 30_000 }).toBe('4 messages stored')

  // Shallower: saved, and a sync removes nothing.
  await count.fill('1')
  await save.click()
  await depth().getByTestId('import-depth-saved').waitFor()
  await page.keyboard.press('Escape')
  await settings().waitFor({ state: 'hidden' })
  await page.getByTestId('sync-now').click()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
  await page.getByTestId('account-settings-open').click()
  expect(await depth().locator('#account-importLimit').inputValue()).toBe('1')
  await expect.poll(inboxStored).toBe('4 messages stored')

  // All of them.
  await depth().getByRole('radio', { name: 'All messages' }).check()
  await depth().getByTestId('import-depth-save').click()
  await expect.poll(inboxStored, { timeout: 30_000 }).toBe('5 messages stored')
})
