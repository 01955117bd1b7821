// A new message to Bcc only, and To, Cc and Bcc named apart in the Outbox and under a
// conversation, in the real renderer (Chromium, web mode) against a real core, Dovecot and SMTP
// relay. The composer refused a message without a To, and the Outbox called every recipient of
// the envelope "To", blind copies included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('tables', 'Quote for 12 tables')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

const head = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!
const relayedWith = (subject: string) =>
  mailbox.relay.received.filter((m) => m.raw.toString('latin1').includes(subject))

describe('a new message to Bcc only', () => {
  it('asks for a recipient in To, Cc or Bcc when all three are empty', async () => {
    await page.getByTestId('new-message').click()
    await app.composer.waitFor()
    await page.getByTestId('composer-subject').fill('Nobody yet')
    await page.getByTestId('composer-send').click()
    await app.composer.getByText('Enter at least one recipient, in To, Cc or Bcc.').waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-to')
    await page.getByTestId('composer-subject').fill('')
    await page.keyboard.press('Escape')
    await app.composer.waitFor({ state: 'detached' })
  })

  it('is sent, with To: undisclosed-recipients:;, and the Outbox calls its recipients Bcc', async () => {
    await page.getByTestId('new-message').click()
    await app.composer.waitFor()
    await app.composer.getByRole('button', { name: 'Add Bcc' }).click()
    await page.getByTestId('composer-bcc').fill('bob@example.test, dave@example.test')
    await page.getByTestId('composer-subject').fill('Monthly news')
    await page.getByTestId('composer-text').fill('What is new at the shop.')
    await page.getByTestId('composer-send').click()
    await app.composer.waitFor({ state: 'detached' })

    // In the undo window: the Outbox lists it, its recipients as Bcc.
    await page.getByTestId('outbox-open').click()
    const item = page.getByTestId('outbox').getByTestId('outbox-item').filter({ hasText: 'Monthly news' })
    await item.waitFor()
    expect(await item.getByTestId('outbox-recipients').textContent()).toBe(
      'Bcc bob@example.test, dave@example.test'
    )
    await item.getByTestId('outbox-retry').click()
    await expect.poll(() => relayedWith('Monthly news').length).toBe(1)
    await page.keyboard.press('Escape')

    const [sent] = relayedWith('Monthly news')
    expect([...sent!.to].sort()).toEqual(['bob@example.test', 'dave@example.test'])
    expect(head(sent!.raw)).toMatch(/^To: undisclosed-recipients:;\r?$/m)
    expect(head(sent!.raw)).not.toMatch(/^bcc:/im)
    expect(head(sent!.raw)).not.toMatch(/bob@|dave@/)
  })
})

describe('To, Cc and Bcc apart under a conversation', () => {
  it('names each field on the line of a reply still in the outbox', async () => {
    const [account] = (await pageRpcValue(page, 'accounts.list', {})) as Array<{ id: number }>
    // A reply with a Cc and a Bcc, sent later (another window, or a script, sent it so).
    await pageRpcValue(page, 'outbox.send', {
      accountId: account!.id,
      to: ['carlos@client.test'],
      cc: ['bob@example.test'],
      bcc: ['dave@example.test'],
      subject: 'Re: Quote for 12 tables',
      text: 'Here is the quote.',
      inReplyTo: '<tables@client.test>',
      sendAt: new Date(Date.now() + 24 * 3_600_000).toISOString()
    })
    await app.threadRows.filter({ hasText: 'Quote for 12 tables' }).first().click()
    const pending = page.getByTestId('thread-view').getByTestId('thread-outbox-item')
    await pending.first().waitFor()
    expect(await pending.first().getByTestId('outbox-recipients').textContent()).toBe(
      'To carlos@client.test · Cc bob@example.test · Bcc dave@example.test'
    )
  })
})
