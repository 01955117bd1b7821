// The Outbox in Chinese: why a message waits must be said in the user's language, not in the
// core's English, in the real renderer against a real Dovecot.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

const mail = mailFromCarlos('zh-1', '报价单')

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mail],
    prepare: async (context) => {
      await context.addInitScript(() => {
        Object.defineProperty(navigator, 'languages', { get: () => ['zh-CN'] })
      })
    }
  })
  await mailbox.app.threadRows.first().waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('says in Chinese why a reply waits when the SMTP server cannot be reached', async () => {
  const { app, page, relay } = mailbox
  await app.syncStatus.filter({ hasText: '已是最新' }).waitFor({ timeout: 60_000 })
  // The SMTP server goes away: the reply waits in the Outbox, retried with backoff.
  await relay.stop()
  await app.threadRows.first().click()
  await app.reply('好的，谢谢')
  await page.getByTestId('undo-send-now').click()
  const marker = page.locator('[data-testid="thread-outbox-item"][data-state="queued"]')
  await marker.getByTestId('thread-outbox-marker').filter({ hasText: '：' }).waitFor({ timeout: 30_000 })
  await page.getByTestId('outbox-open').click()
  const row = page.getByTestId('outbox-item').first()
  await row.getByTestId('outbox-error').waitFor()
  await app.screenshot('outbox-zh-offline')
  const inThread = (await marker.getByTestId('thread-outbox-marker').textContent()) ?? ''
  const inOutbox = (await row.getByTestId('outbox-error').textContent()) ?? ''
  // Rapport's own explanation, not the server's words: it is said in Chinese.
  const unreachable = '无法连接到服务器。请检查主机名、端口以及网络连接。'
  expect(inThread).toContain(unreachable)
  expect(inOutbox).toBe(unreachable)
  expect(`${inThread} ${inOutbox}`).not.toMatch(/Could not connect|Check the host name/)
})
