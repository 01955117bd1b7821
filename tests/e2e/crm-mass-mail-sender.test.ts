import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'

// Mail to more than 25 recipients is logged to no contact, so its conversation has no contact
// name: the inbox said "Unknown sender" where every mail client shows who wrote it.

const everyone = Array.from({ length: 30 }, (_, i) => `r${i}@list.test`).join(', ')
const massMail = Buffer.from(
  [
    'From: =?UTF-8?Q?Toko_Sejahtera?= <news@shop.test>',
    `To: ${MAILBOX_ADDRESS}, ${everyone}`,
    'Subject: Winter sale',
    'Message-ID: <mass-1@shop.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    '',
    'Everything half price.',
    ''
  ].join('\r\n')
)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [massMail] })
  await mailbox.crm.waitForSubjects(['Winter sale'])
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('a conversation from mass mail', () => {
  it('shows its sender’s name in the list and in its header, not "Unknown sender"', async () => {
    const row = mailbox.crm.row('Winter sale')
    expect(await row.locator('.thread-row__from').textContent()).toBe('Toko Sejahtera')
    await mailbox.crm.open('Winter sale')
    await expect
      .poll(() => mailbox.page.locator('.conversation-header__meta').textContent())
      .toContain('Toko Sejahtera')
  })
})
