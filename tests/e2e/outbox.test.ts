// Undo send and the attachment limit in the real renderer (Chromium, web mode).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { generateCorpus } from '../support/corpus'
import type { SmtpRelay } from '../support/smtp-relay'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let relay: SmtpRelay
let page: Page
let app: AppPage

beforeAll(async () => {
  const corpus = await generateCorpus({ seed: 12, count: 20, selfAddress: MAILBOX_ADDRESS })
  mailbox = await connectMailbox({ mail: corpus.map((m) => m.raw) })
  ;({ relay, page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

describe('the outbox in the composer', () => {
  it('undoes a reply within the delay: nothing is sent and the text is back in the reply box', async () => {
    await app.threadRows.first().click()
    await app.messages.first().waitFor()
    const text = `Undo me ${Date.now()}`
    await app.reply(text)
    const toast = page.getByTestId('undo-toast')
    await toast.waitFor()
    expect(await toast.textContent()).toMatch(/Sending in \d+ s/)
    await page.getByTestId('undo-send').click()
    await toast.waitFor({ state: 'detached' })
    expect(await page.getByTestId('reply-box').inputValue()).toBe(text)

    await page.getByTestId('outbox-open').click()
    await page.getByTestId('outbox').getByText('Nothing is waiting to be sent.').waitFor()
    await app.screenshot('outbox-empty-after-undo')
    await page.keyboard.press('Escape')

    // Sent again, right away this time: exactly one copy reaches the server, the second one.
    await page.getByTestId('send-reply').click()
    await page.getByTestId('undo-send-now').click()
    await app.messages.filter({ hasText: text }).waitFor()
    expect(relay.received.filter((m) => m.raw.toString('utf8').includes(text))).toHaveLength(1)
  })

  it('keeps the toast, with the reason, when Send now is refused, and the message can still be undone', async () => {
    await app.threadRows.first().click()
    await app.messages.first().waitFor()
    const [account] = (await pageRpcValue(page, 'accounts.list', {})) as Array<{ id: number }>
    const text = `Over the cap ${Date.now()}`
    await app.reply(text)
    const toast = page.getByTestId('undo-toast')
    await toast.waitFor()
    // Meanwhile the daily cap is lowered (in Mailbox settings, another window) to what went out
    // today before this message: sending it now would pass the cap. (This message, in the undo
    // window, is waiting, not sent.)
    const { sentToday } = (await pageRpcValue(page, 'outbox.limits', { accountId: account!.id })) as {
      sentToday: number
    }
    await pageRpcValue(page, 'outbox.setDailyCap', {
      accountId: account!.id,
      dailyCap: Math.max(1, sentToday)
    })
    try {
      await page.getByTestId('undo-send-now').click()
      await expect
        .poll(() => page.getByTestId('undo-toast-error').textContent())
        .toMatch(/reached its daily send cap/)
      await page.getByTestId('undo-send').click()
      await toast.waitFor({ state: 'detached' })
      expect(await page.getByTestId('reply-box').inputValue()).toBe(text)
      expect(relay.received.filter((m) => m.raw.toString('utf8').includes(text))).toHaveLength(0)
    } finally {
      await pageRpcValue(page, 'outbox.setDailyCap', { accountId: account!.id, dailyCap: null })
      await page.getByTestId('reply-box').fill('')
    }
  })

  it('shows the 25 MB attachment limit in the composer and will not send', async () => {
    const input = page.locator('[data-testid$="-attachments-input"]').first()
    // A file on disk: Chromium reads it by path, as it would a file the user picked.
    const file = join(mailbox.web.dataDir, 'katalog.pdf')
    writeFileSync(file, Buffer.alloc(26 * 1024 * 1024, 1))
    await input.setInputFiles(file)
    const error = page.locator('[data-testid$="-attachments-error"]').first()
    await error.waitFor()
    expect(await error.textContent()).toMatch(/at most 25 MB; these are 26 MB/)
    await page.getByTestId('reply-box').fill('With the catalogue')
    expect(await page.getByTestId('send-reply').isDisabled()).toBe(true)
    await app.screenshot('outbox-attachment-too-large')
  })

  it('keeps at most 100 attached files, and says how many were left out', async () => {
    // The catalogue of the test before goes first.
    await page.getByRole('button', { name: 'Remove katalog.pdf' }).click()
    await page.getByTestId('attachment').first().waitFor({ state: 'detached' })
    const input = page.locator('[data-testid$="-attachments-input"]').first()
    const files = Array.from({ length: 101 }, (_, n) => {
      const file = join(mailbox.web.dataDir, `scan-${n}.pdf`)
      writeFileSync(file, `%PDF-1.4 scan ${n}`)
      return file
    })
    await input.setInputFiles(files)
    const tooMany = page.locator('[data-testid$="-attachments-too-many"]').first()
    await tooMany.waitFor()
    expect(await tooMany.textContent()).toBe('At most 100 files can be attached; 1 file was left out.')
    expect(await page.getByTestId('attachment').count()).toBe(100)
  })
})
