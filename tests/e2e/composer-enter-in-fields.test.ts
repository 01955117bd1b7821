// Enter in a one-line field of a composer (an address, the subject, the Send later time) does not
// send the message, as a form's Enter would: a writer presses it to finish an address or to go on
// to the text, and the message went at once, half written (the subject or the text empty). Only
// the Send button and Ctrl/Cmd+Enter send. In the real renderer (Chromium, web mode) against a
// real core, Dovecot and SMTP relay.
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

type Listed = { subject: string; sendAt: string }
const outbox = async () => (await pageRpcValue(page, 'outbox.list', { includeSent: true })) as Listed[]
/** Each message in the Outbox, and when it goes: in the undo window, or later (Send later's hour). */
const queued = async (subject: RegExp) =>
  (await outbox())
    .filter((m) => subject.test(m.subject))
    .map((m) => `${m.subject}: ${Date.parse(m.sendAt) - Date.now() < 60_000 ? 'now' : 'later'}`)

/** Types into the field and presses Enter there, as a writer finishing it does. */
async function typeAndEnter(testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click()
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

/** Turns Send later on, presses Enter on its toggle and on its time, and turns it off again. */
async function enterInSendLater(id: string): Promise<void> {
  await page.getByTestId(`${id}-toggle`).check()
  await page.getByTestId(`${id}-toggle`).press('Enter')
  await page.getByTestId(id).press('Enter')
  await page.getByTestId(`${id}-toggle`).uncheck()
}

describe('Enter in a one-line field', () => {
  it('does not send New message; Ctrl+Enter in the text then sends it whole, once', async () => {
    await page.getByTestId('new-message').click()
    await typeAndEnter('composer-to', 'carlos@client.test')
    await page.getByTestId('composer-show-cc').click()
    await typeAndEnter('composer-cc', 'dana@client.test')
    await page.getByTestId('composer-show-bcc').click()
    await typeAndEnter('composer-bcc', 'eva@client.test')
    await typeAndEnter('composer-subject', 'Lobby chairs order')
    await enterInSendLater('composer-later')
    expect(await app.composer.isVisible()).toBe(true)

    await page.getByTestId('composer-text').click()
    await page.keyboard.type('Twelve chairs, as agreed.')
    await page.keyboard.press('Control+Enter')
    await app.composer.waitFor({ state: 'detached' })
    // Had an Enter sent it, the message in the Outbox would be that one: half written, or later.
    await expect.poll(() => queued(/./)).toEqual(['Lobby chairs order: now'])
  })

  it('does not send the reply from its Send later time', async () => {
    await app.openConversation('Chairs for the lobby')
    await page.getByTestId('reply-box').fill('They will come on Monday.')
    await enterInSendLater(await laterId())
    expect(await page.getByTestId('reply-box').inputValue()).toBe('They will come on Monday.')

    await page.getByTestId('reply-box').press('Control+Enter')
    await expect.poll(() => queued(/^Re:/)).toEqual(['Re: Chairs for the lobby: now'])
  })
})

/** The reply box's Send later id (it names its conversation). */
async function laterId(): Promise<string> {
  const testId = await app.replyBox.locator('[data-testid$="-later-toggle"]').getAttribute('data-testid')
  return testId!.replace(/-toggle$/, '')
}
