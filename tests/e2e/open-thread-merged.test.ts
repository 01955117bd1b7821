import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { appendMessages } from '../support/dovecot'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { AppPage } from './pages/app-page'
import type { CrmPage } from './pages/crm-page'

// The conversation being read (and replied to) is merged by sync into an older one,
// when a message arrives that references both. The reading pane should follow the merge.

function mail(id: string, subject: string, body: string, extra: string[] = [], hoursAgo = 0): Buffer {
  return Buffer.from(
    [
      'From: Carlos Mendes <carlos@client.test>',
      `To: ${MAILBOX_ADDRESS}`,
      `Subject: ${subject}`,
      `Message-ID: <${id}@client.test>`,
      `Date: ${new Date(Date.now() - hoursAgo * 3_600_000).toUTCString()}`,
      ...extra,
      '',
      body,
      ''
    ].join('\r\n')
  )
}

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage
let crm: CrmPage

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [
      mail('quote', 'Quote for 40 chairs', 'Can you quote 40 chairs?', [], 2),
      // Its client named only its direct parent, which has not arrived: a thread of its own.
      mail(
        'follow-up',
        'Re: Quote for 40 chairs',
        'And when can you deliver?',
        ['In-Reply-To: <middle@client.test>'],
        1
      )
    ]
  })
  ;({ page, app, crm } = mailbox)
  await crm.waitForSubjects(['Re: Quote for 40 chairs', 'Quote for 40 chairs'])
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('the open conversation merged by sync', () => {
  it('follows the merge: no error, the new mail shown, the reply being typed still there', async () => {
    await crm.open('Re: Quote for 40 chairs')
    await page.getByTestId('reply-box').fill('We can deliver on Friday')
    const alice = mailbox.server.users[0]!
    // The missing parent arrives: it joins both threads, and the newer one (open) is merged
    // into the older one.
    await appendMessages(mailbox.server, alice.user, alice.password, 'INBOX', [
      mail(
        'middle',
        'Re: Quote for 40 chairs',
        'Both at once: the chairs and their delivery.',
        ['In-Reply-To: <quote@client.test>', 'References: <quote@client.test>'],
        1.5
      )
    ])
    await expect.poll(() => crm.rows.count(), { timeout: 30_000 }).toBe(1)
    // The pane follows to the surviving thread, where the new mail is, instead of staying on the
    // one merged away ("This item no longer exists").
    await app.messages.filter({ hasText: 'Both at once' }).waitFor({ timeout: 30_000 })
    const alerts = await page
      .locator('[data-testid="thread-view"] [role="alert"], .thread-pane [role="alert"]')
      .allTextContents()
    expect(alerts).toEqual([])
    expect(await page.getByTestId('reply-box').inputValue()).toBe('We can deliver on Friday')
  })
})
