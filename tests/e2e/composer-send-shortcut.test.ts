// Ctrl+Enter (Cmd+Enter on macOS) sends from New message as it does from the reply box: with the
// same checks as its Send button, once, and not while an input method composes. In the real
// renderer (Chromium, web mode) against a real core, Dovecot and SMTP relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CDPSession, Locator, Page } from 'playwright-core'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage
let cdp: CDPSession

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('chairs', 'Chairs for the lobby')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
  cdp = await page.context().newCDPSession(page)
})

afterAll(async () => {
  await mailbox?.stop()
})

type Listed = { subject: string; state: string; messageId: string }
const outbox = async () => (await pageRpcValue(page, 'outbox.list', { includeSent: true })) as Listed[]
const relayedWith = (subject: string) =>
  mailbox.relay.received.filter((m) => m.raw.toString('latin1').includes(subject))

async function openNewMessage(): Promise<void> {
  await page.getByTestId('new-message').click()
  await app.composer.waitFor()
}

/** Closes New message, emptied first, so the next test starts from a blank one. */
async function closeEmptied(): Promise<void> {
  for (const id of ['composer-to', 'composer-subject', 'composer-text']) await page.getByTestId(id).fill('')
  await page.keyboard.press('Escape')
  await app.composer.waitFor({ state: 'detached' })
}

/** Starts composing `text` at the caret of the focused field, as an input method does. */
async function compose(field: Locator, text: string): Promise<void> {
  const before = await field.inputValue()
  await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length })
  await expect.poll(() => field.inputValue()).toBe(before + text)
}

describe('Ctrl+Enter in New message', () => {
  it('asks for a recipient when there is none, as Send does, and sends nothing', async () => {
    await openNewMessage()
    await page.getByTestId('composer-subject').fill('Nobody yet')
    await page.getByTestId('composer-text').fill('Hello')
    await page.keyboard.press('Control+Enter')
    await app.composer.getByText('Enter at least one recipient, in To, Cc or Bcc.').waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-to')
    expect(await outbox()).toEqual([])
    await closeEmptied()
  })

  it('does not send while an input method composes in the text', async () => {
    await openNewMessage()
    await page.getByTestId('composer-to').fill('carlos@client.test')
    await page.getByTestId('composer-subject').fill('Half typed')
    const text = page.getByTestId('composer-text')
    await text.fill('see ')
    await compose(text, 'にほん')
    await page.keyboard.press('Control+Enter')
    await cdp.send('Input.insertText', { text: '日本' })
    // Not sent: still open, the text whole, to be sent when it is finished.
    await expect.poll(() => text.inputValue()).toBe('see 日本')
    expect(await text.isEnabled()).toBe(true)
    expect(await outbox()).toEqual([])
    await closeEmptied()
  })

  it('leaves Ctrl+Enter on a button to the button: it does not send', async () => {
    await openNewMessage()
    await page.getByTestId('composer-to').fill('carlos@client.test')
    await page.getByTestId('composer-subject').fill('Not from a button')
    await page.getByTestId('composer-text').fill('Still writing.')
    await page.getByTestId('composer-show-cc').focus()
    await page.keyboard.press('Control+Enter')
    // The button did its own job (or nothing); the message is neither sent nor queued.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY')
    expect(await app.composer.isVisible()).toBe(true)
    expect(await outbox()).toEqual([])
    await closeEmptied()
  })

  it('sends the message from the text, once when pressed twice, and it reaches the server', async () => {
    await openNewMessage()
    await page.getByTestId('composer-to').fill('carlos@client.test')
    await page.getByTestId('composer-subject').fill('Lobby chairs order')
    await page.getByTestId('composer-text').fill('Twelve chairs, as agreed.')
    await page.getByTestId('composer-text').focus()
    // Twice in a row, quickly, as an impatient hand does.
    await page.keyboard.down('Control')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.keyboard.up('Control')
    await app.composer.waitFor({ state: 'detached' })

    // Queued once, for the undo delay; Send now lets it go.
    await page.getByTestId('outbox-open').click()
    const item = page
      .getByTestId('outbox')
      .getByTestId('outbox-item')
      .filter({ hasText: 'Lobby chairs order' })
    await item.waitFor()
    expect(await item.count()).toBe(1)
    await item.getByTestId('outbox-retry').click()
    await expect.poll(() => relayedWith('Lobby chairs order').length).toBe(1)
    await page.keyboard.press('Escape')
    await expect
      .poll(async () =>
        (await outbox()).filter((m) => m.subject === 'Lobby chairs order').map((m) => m.state)
      )
      .toEqual(['sent'])
    expect([...relayedWith('Lobby chairs order')[0]!.to]).toEqual(['carlos@client.test'])
  })
})
