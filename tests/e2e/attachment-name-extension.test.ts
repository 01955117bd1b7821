// An attachment whose name is padded so that its real type falls out of view: "Invoice.pdf",
// blanks that HTML does not collapse (U+3000, as wide as a CJK character), then ".exe". The list
// must still show the part of the name that says what the file is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'

const PADDED = `Invoice-2026-03.pdf${'\u3000'.repeat(60)}.exe`

const padded = Buffer.from(
  [
    'From: Billing <billing@supplier.test>',
    `To: ${MAILBOX_ADDRESS}`,
    'Subject: Your invoice',
    'Message-ID: <padded@supplier.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="m"',
    '',
    '--m',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The invoice is attached.',
    '--m',
    'Content-Type: application/pdf',
    `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(PADDED)}`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('MZ').toString('base64'),
    '--m--',
    ''
  ].join('\r\n')
)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [padded] })
  await mailbox.app.threadRow('Your invoice').waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

describe('an attachment name padded to hide its type', () => {
  it('shows the end of the name (".exe"), not only "Invoice-2026-03.pdf" and an ellipsis', async () => {
    const { app } = mailbox
    await app.threadRow('Your invoice').click()
    const item = app.threadView.locator('.attachments__item')
    await item.waitFor()
    // Whether the last four characters of the name, as laid out, lie inside the item's box
    // (an ellipsis clips them: their layout box is then past its right edge).
    const endShown = await item.evaluate((li) => {
      const walker = document.createTreeWalker(li.querySelector('.attachments__save')!, NodeFilter.SHOW_TEXT)
      let last: Text | null = null
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if ((node as Text).data.includes('.exe')) last = node as Text
      }
      if (!last) return 'no .exe in the text'
      const range = document.createRange()
      const at = last.data.lastIndexOf('.exe')
      range.setStart(last, at)
      range.setEnd(last, at + 4)
      const end = range.getBoundingClientRect()
      let clip = li.getBoundingClientRect()
      for (let el: Element | null = last.parentElement; el && el !== li; el = el.parentElement) {
        if (getComputedStyle(el).overflow !== 'visible') {
          const r = el.getBoundingClientRect()
          if (r.right < clip.right) clip = r
        }
      }
      return end.right <= clip.right + 0.5
        ? 'shown'
        : `clipped (ends at ${end.right}, box ends at ${clip.right})`
    })
    expect(endShown).toBe('shown')
  })
})
