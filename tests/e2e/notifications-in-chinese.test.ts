// A notification is said in the user's language: a snooze that ran out, in the Chinese UI, is
// listed in the notification centre in Chinese, not in the core's English sentence. The core's
// clock is moved by the test (RAPPORT_TEST_CLOCK=1, test-only).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('zh-snooze', '报价单')],
    env: { RAPPORT_TEST_CLOCK: '1' },
    prepare: (context) => preferLanguage(context, 'zh-CN')
  })
  await mailbox.app.threadRows.first().waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('lists a snooze that ran out in Chinese', async () => {
  const { page, crm } = mailbox
  await crm.open('报价单')
  await page.getByTestId('thread-snooze').click()
  await page.getByTestId('snooze-menu').getByTestId('snooze-1h').click()
  await crm.threadStatus.filter({ hasText: '已暂缓' }).waitFor()
  await pageRpcValue(page, 'testing.advanceClock', { ms: 3_600_000 + 60_000 })
  await page.getByTestId('notifications-unread').waitFor()
  await page.getByTestId('notifications-open').click()
  const entry = page.getByTestId('notification').first()
  await entry.waitFor()
  expect(await entry.textContent()).not.toMatch(/[A-Za-z]{3,}/)
})
