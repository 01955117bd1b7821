// "Quote the message" in the reply box: on at first, the reply goes out with the message it
// answers quoted below it while the box shows the reply alone; turned off, the next reply goes
// without, and the choice is remembered by the workspace. In the real renderer (Chromium, web
// mode) against a real core, Dovecot and SMTP relay.
import { simpleParser } from 'mailparser'
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
  await app.openConversation('Chairs for the lobby')
})

afterAll(async () => {
  await mailbox?.stop()
})

const toggle = () => app.replyBox.getByTestId('reply-quote')

/** The text of the reply the relay got with these words. */
async function sentText(words: string): Promise<string> {
  await expect
    .poll(() => mailbox.relay.received.some((m) => m.raw.toString('utf8').includes(words)))
    .toBe(true)
  const raw = mailbox.relay.received.find((m) => m.raw.toString('utf8').includes(words))!.raw
  return ((await simpleParser(raw)).text ?? '').replace(/\r\n/g, '\n')
}

async function reply(words: string) {
  await app.reply(words)
  await page.getByTestId('undo-send-now').click()
}

describe('quoting the message answered', () => {
  it('is on at first, and the reply goes out with the message quoted below the text', async () => {
    expect(await toggle().isChecked()).toBe(true)
    await reply('Twelve chairs, please.')
    expect(await sentText('Twelve chairs')).toMatch(
      /^Twelve chairs, please\.\n\nOn .+, Carlos Mendes <carlos@client\.test> wrote:\n> Hello from Carlos\.\n?$/
    )
    // The box is clean again: the quote was never in it.
    expect(await page.getByTestId('reply-box').inputValue()).toBe('')
  })

  it('turned off, sends the reply alone and stays off after a reload', async () => {
    await toggle().uncheck()
    await expect.poll(() => pageRpcValue(page, 'outbox.quoteReplies', {})).toEqual({ quote: false })
    await page.reload()
    await app.openConversation('Chairs for the lobby')
    expect(await toggle().isChecked()).toBe(false)
    await reply('Make it fourteen.')
    expect((await sentText('Make it fourteen')).trim()).toBe('Make it fourteen.')
  })
})
