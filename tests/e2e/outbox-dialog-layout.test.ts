// The Outbox dialog as a user first opens it: before any conversation or composer was opened
// (their lazily loaded styles not there yet), and with a subject too long to fit on one line.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pageRpcValue } from './fixtures/page-rpc'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

const mail = mailFromCarlos('layout-1', 'Hello')

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mail] })
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('opens the Outbox as a modal over the app, first thing after start, with a long subject wrapped', async () => {
  const { page, app } = mailbox
  const [account] = (await pageRpcValue(page, 'accounts.list', {})) as Array<{ id: number }>
  await pageRpcValue(page, 'outbox.send', {
    accountId: account!.id,
    to: ['a-rather-long-recipient-address-for-the-quarterly-report@finance.sinar-jaya-abadi.example.test'],
    subject: `Quarterly_report_PT_Sinar_Jaya_Abadi_${'x'.repeat(160)}`,
    text: 'Attached.',
    sendAt: new Date(Date.now() + 86_400_000).toISOString()
  })
  // A fresh start: nothing but the inbox has been shown.
  await page.reload()
  await app.threadRows.first().waitFor()
  await page.getByTestId('outbox-open').click()
  const outbox = page.getByTestId('outbox')
  await outbox.getByTestId('outbox-item').waitFor()
  await app.screenshot('outbox-first-open')
  // Over the app, centred in the window, as every dialog.
  expect(await outbox.evaluate((el) => getComputedStyle(el.parentElement!).position)).toBe('fixed')
  const box = (await outbox.boundingBox())!
  const viewport = page.viewportSize()!
  expect(box.x).toBeGreaterThan(0)
  expect(box.x + box.width).toBeLessThan(viewport.width)
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
  // The subject wraps inside its row instead of running out of the dialog.
  const row = outbox.getByTestId('outbox-item')
  expect(await row.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0)
})
