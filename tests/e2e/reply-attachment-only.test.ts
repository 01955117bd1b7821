// A reply may be only an attachment ("here is the signed contract", the PDF and no words), as a
// new message may; with neither text nor attachment it stays unsendable. In the real renderer
// (Chromium, web mode) against a real core, Dovecot and SMTP relay.
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { pickedFile, pickedFileBytes } from './fixtures/picked-file'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('contract', 'The contract')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().click()
  await app.messages.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

const outbox = async () => (await pageRpcValue(page, 'outbox.list', { includeSent: true })) as unknown[]
const sendButton = () => page.getByTestId('send-reply')

describe('the reply box with no text', () => {
  it('stays unsendable with only spaces and no attachment: Send disabled, Ctrl+Enter does nothing', async () => {
    const text = page.getByTestId('reply-box')
    await text.fill('   ')
    expect(await sendButton().isDisabled()).toBe(true)
    await text.focus()
    await page.keyboard.press('Control+Enter')
    // Not sent: the text stays in the box (a send clears it) and nothing is queued. The next test
    // also finds only its own message in the outbox, so a late send would show there.
    expect(await text.inputValue()).toBe('   ')
    expect(await page.getByTestId('undo-toast').count()).toBe(0)
    expect(await outbox()).toEqual([])
    await text.fill('')
  })

  it('sends a reply with only an attachment, answering the message', async () => {
    const name = 'signed-contract.pdf'
    await app.replyBox
      .locator('[data-testid$="-attachments-input"]')
      .setInputFiles(pickedFile(mailbox.web.dataDir, name))
    await expect.poll(() => app.attachmentNames(app.replyBox)).toHaveLength(1)
    expect(await page.getByTestId('reply-box').inputValue()).toBe('')
    await expect.poll(() => sendButton().isEnabled()).toBe(true)
    await sendButton().click()
    await page.getByTestId('undo-send-now').click()

    await expect.poll(() => mailbox.relay.received.length).toBe(1)
    const sent = await simpleParser(mailbox.relay.received[0]!.raw)
    expect(sent.inReplyTo).toBe('<contract@client.test>')
    expect(sent.subject).toBe('Re: The contract')
    expect(sent.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      [name, pickedFileBytes(name).toString()]
    ])
    // No words of its own, and none made up ("undefined"): only the quote of the message answered.
    expect(sent.text ?? '').toMatch(
      /^On .+, Carlos Mendes <carlos@client\.test> wrote:\n> Hello from Carlos\.\n?$/
    )
    expect(mailbox.relay.received[0]!.raw.toString('utf8')).not.toContain('undefined')
    expect(await outbox()).toHaveLength(1)
    // The thread shows the reply that went, with its file.
    await app.messages.filter({ hasText: name }).waitFor()
  })
})
