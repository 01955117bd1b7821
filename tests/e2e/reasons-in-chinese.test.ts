// Reasons in Chinese: why a message waits in the Outbox, or why a change was not saved on the
// server, must be said in the user's language, with only the server's own words left as they
// are, in the real renderer against a real Dovecot.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openTestImap } from '../support/imap-probe'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

const mail = mailFromCarlos('zh-1', '报价单')
const tender = mailFromCarlos('zh-2', '招标文件')

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mail, tender],
    prepare: (context) => preferLanguage(context, 'zh-CN')
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

it('says in Chinese which change the server refused, with only the server’s own words after “服务器返回”', async () => {
  const { app, page, server } = mailbox
  // The Outbox the test before opened closes first.
  await page.keyboard.press('Escape')
  await page.getByTestId('outbox').waitFor({ state: 'detached' })
  const other = await openTestImap(server, server.users[0]!)
  try {
    await other.mailboxCreate('Tenders')
    await page.getByTestId('sync-now').click()
    await app.threadRow('招标文件').click()
    const message = app.messages.first()
    const options = message.getByTestId('message-move').locator('option')
    await expect.poll(() => options.allTextContents()).toContain('Tenders')
    // Another mail program deletes the folder before Rapport lists the folders again.
    await other.mailboxDelete('Tenders')
  } finally {
    await other.logout()
  }
  await app.messages.first().getByTestId('message-move').selectOption({ label: 'Tenders' })
  const failed = page.getByTestId('failed-change')
  await failed.waitFor()
  await app.screenshot('failed-change-zh')
  const text = (await failed.textContent()) ?? ''
  expect(text).toMatch(/^将 1 封邮件移动到 Tenders/)
  // Dovecot's reply, verbatim; Rapport's own wording ("Could not move mail from …") is not there.
  expect(text).toMatch(/服务器返回：[^：]*Tenders/)
  expect(text).not.toMatch(/Could not|INBOX to/)
})
