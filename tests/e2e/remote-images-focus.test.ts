// The remote-images bar from the keyboard: the choice made with Enter leaves focus on the bar's
// button that reverses it, not on the page's body (from a review).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'

// Nothing listens there: the image only has to be remote.
const TRACKER = 'http://127.0.0.1:9'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  const raw = [
    'From: Shop <deals@shop.test>',
    `To: ${MAILBOX_ADDRESS}`,
    'Subject: Weekly deals',
    'Message-ID: <review-weekly@client.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>This week</p><img id="banner" src="${TRACKER}/weekly.png"></body></html>`,
    ''
  ].join('\r\n')
  mailbox = await connectMailbox({ mail: [Buffer.from(raw)] })
  await mailbox.app.threadRow('Weekly deals').waitFor()
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

it('keeps focus on the bar after "Always show images from …" is chosen with the keyboard', async () => {
  const { app, page } = mailbox
  await app.openConversation('Weekly deals')
  const bar = app.messages.first().getByTestId('remote-images-bar')
  await bar.getByRole('button', { name: 'Always show images from deals@shop.test' }).focus()
  await page.keyboard.press('Enter')
  await bar.filter({ hasText: 'Images from deals@shop.test are always shown.' }).waitFor()
  const focused = () =>
    page.evaluate(() =>
      document.activeElement === document.body ? '<body>' : (document.activeElement?.textContent ?? '')
    )
  await expect.poll(focused, { timeout: 2_000 }).toBe('Stop showing')

  // And back: focus stays on the button that now offers "Always show" again.
  await page.keyboard.press('Enter')
  await bar.filter({ hasText: 'Remote images are blocked' }).waitFor()
  await expect.poll(focused, { timeout: 2_000 }).toBe('Always show images from deals@shop.test')
})
