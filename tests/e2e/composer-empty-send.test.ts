// New message asks before it goes without a subject, or without text and attachments, as Gmail
// and Thunderbird do: "Go back" (or Escape) returns to what is missing and sends nothing; "Send
// anyway" sends it once. In the real renderer (Chromium, web mode) against a real core, Dovecot
// and SMTP relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('chairs', 'Chairs for the lobby')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

type Listed = { subject: string; state: string }
const outbox = async () => (await pageRpcValue(page, 'outbox.list', { includeSent: true })) as Listed[]
const relayedWith = (text: string) =>
  mailbox.relay.received.filter((m) => m.raw.toString('utf8').includes(text))
const focusedId = () => page.evaluate(() => document.activeElement?.id)
const confirm = () => page.getByRole('alertdialog')

async function openNewMessage(fields: { to: string; subject: string; text: string }): Promise<void> {
  await page.getByTestId('new-message').click()
  await app.composer.waitFor()
  await page.getByTestId('composer-to').fill(fields.to)
  await page.getByTestId('composer-subject').fill(fields.subject)
  await page.getByTestId('composer-text').fill(fields.text)
}

/** Closes New message, emptied first, so the next test starts from a blank one. */
async function closeEmptied(): Promise<void> {
  for (const id of ['composer-to', 'composer-subject', 'composer-text']) await page.getByTestId(id).fill('')
  await page.keyboard.press('Escape')
  await app.composer.waitFor({ state: 'detached' })
}

describe('Send in New message with something missing', () => {
  it('asks about an empty subject; Go back returns to Subject and sends nothing', async () => {
    await openNewMessage({ to: 'carlos@client.test', subject: '', text: 'Twelve chairs.' })
    await page.getByTestId('composer-send').click()
    await confirm().waitFor()
    expect(await confirm().getAttribute('aria-labelledby')).toBeTruthy()
    expect(await confirm().getByRole('heading').textContent()).toBe('Send this message without a subject?')
    // The harmless choice has the keys.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Go back')
    await page.getByRole('button', { name: 'Go back' }).click()
    await confirm().waitFor({ state: 'detached' })
    await expect.poll(focusedId).toBe('composer-subject')
    expect(await app.composer.isVisible()).toBe(true)
    expect(await outbox()).toEqual([])
    await closeEmptied()
  })

  it('asks about empty text on Ctrl+Enter; Escape goes back to the text, the message still open', async () => {
    await openNewMessage({ to: 'carlos@client.test', subject: 'Chairs', text: '  ' })
    await page.getByTestId('composer-subject').focus()
    await page.keyboard.press('Control+Enter')
    await confirm().getByText('Send this message without any text?').waitFor()
    await page.keyboard.press('Escape')
    await confirm().waitFor({ state: 'detached' })
    await expect.poll(focusedId).toBe('composer-text')
    // Escape closed the question only, not New message and its draft.
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('Chairs')
    expect(await outbox()).toEqual([])
    await closeEmptied()
  })

  it('sends the message once on Send anyway, and it reaches the server', async () => {
    const text = `No subject needed ${Date.now()}`
    await openNewMessage({ to: 'carlos@client.test', subject: '', text })
    await page.getByTestId('composer-send').click()
    await page.getByRole('button', { name: 'Send anyway' }).click()
    await app.composer.waitFor({ state: 'detached' })
    await page.getByTestId('undo-send-now').click()
    await expect.poll(() => relayedWith(text).length).toBe(1)
    await expect.poll(async () => (await outbox()).map((m) => [m.subject, m.state])).toEqual([['', 'sent']])
    expect([...relayedWith(text)[0]!.to]).toEqual(['carlos@client.test'])
  })

  it('does not ask when the message has a subject and text', async () => {
    const text = `All there ${Date.now()}`
    await openNewMessage({ to: 'carlos@client.test', subject: 'Lobby chairs', text })
    await page.getByTestId('composer-send').click()
    // Sent straight away: the question would have kept New message open.
    await app.composer.waitFor({ state: 'detached' })
    expect(await confirm().count()).toBe(0)
    await page.getByTestId('undo-send-now').click()
    await expect.poll(() => relayedWith(text).length).toBe(1)
  })
})
