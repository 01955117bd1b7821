// Drafts begun in another mail program (a phone) and continued in Rapport: the New message dialog
// lists them after a sync; Continue here puts a new message into the composer with its file, and
// a reply into its conversation's reply box; the next sync leaves Rapport's copies in Drafts, not
// the phone's. Real renderer (Chromium), real core, real Dovecot.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ServerDraft } from '../../src-preload/contract'
import { appendMessages } from '../support/dovecot'
import { draftMail, withFile } from '../support/draft-mail'
import { messageIdsIn } from '../support/imap-probe'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('chairs', 'Quote for 40 chairs'), mailFromCarlos('tables', 'Quote for 12 tables')]
  })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

const PHONE_IDS = ['<reply@phone.test>', '<prices@phone.test>']

/** The Message-IDs in Alice's Drafts folder, as the phone sees it. */
const idsInDrafts = () => messageIdsIn(mailbox.server, mailbox.server.users[0]!, 'Drafts')

const syncNow = () => app.syncNow()

const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)

it('continues drafts begun on the phone, which Rapport then keeps on the server instead', async () => {
  const { server } = mailbox
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'Drafts', [
    {
      raw: draftMail('alice', {
        id: PHONE_IDS[0]!,
        to: 'Carlos Mendes <carlos@client.test>',
        subject: 'Re: Quote for 40 chairs',
        text: 'Thursday suits us, begun on the phone',
        inReplyTo: '<chairs@client.test>'
      }),
      flags: ['\\Draft', '\\Seen']
    },
    {
      raw: draftMail('alice', {
        id: PHONE_IDS[1]!,
        to: 'Pat Prospect <pat@prospect.test>',
        subject: 'Prices',
        headers: ['Cc: Dewi <dewi@prospect.test>', 'Bcc: boss@example.test'],
        mime: withFile('Our prices, begun on the phone', 'prices.pdf')
      }),
      flags: ['\\Draft', '\\Seen']
    }
  ])
  await syncNow()

  await page.getByTestId('new-message').click()
  const listed = page.getByTestId('server-draft')
  await expect.poll(() => listed.allTextContents()).toHaveLength(2)
  // The dialog, now as tall as the window, is over everything: nothing covers its title.
  const titleOnTop = () =>
    page.evaluate(() => {
      const title = document.getElementById('composer-title')!
      title.scrollIntoView()
      const { left, top, height } = title.getBoundingClientRect()
      return title.contains(document.elementFromPoint(left + 4, top + height / 2))
    })
  expect(await titleOnTop()).toBe(true)
  const prices = listed.filter({ hasText: 'Prices' })
  expect(await prices.textContent()).toContain('pat@prospect.test')
  await prices.getByTestId('server-draft-continue').click()
  await expect
    .poll(() => page.getByTestId('composer-text').inputValue())
    .toBe('Our prices, begun on the phone')
  expect(await page.getByTestId('composer-to').inputValue()).toBe('Pat Prospect <pat@prospect.test>')
  // Cc and Bcc each in their own field, shown because the draft fills them.
  expect(await page.getByTestId('composer-cc').inputValue()).toBe('Dewi <dewi@prospect.test>')
  expect(await page.getByTestId('composer-bcc').inputValue()).toBe('boss@example.test')
  expect(await page.getByTestId('composer-subject').inputValue()).toBe('Prices')
  expect(await app.attachmentNames(app.composer)).toEqual([expect.stringContaining('prices.pdf')])
  await expect.poll(() => listed.count()).toBe(1)
  // Kept at once, naming the draft it continues: the core no longer lists that one either.
  const onServer = async () =>
    ((await pageRpcValue(page, 'drafts.onServer', {})) as ServerDraft[]).map((d) => d.subject)
  await expect.poll(onServer).toEqual(['Re: Quote for 40 chairs'])

  // The reply goes to its conversation's reply box, and the dialog closes.
  await listed.getByTestId('server-draft-continue').click()
  await app.composer.waitFor({ state: 'detached' })
  await expect
    .poll(() => page.getByTestId('reply-box').inputValue())
    .toBe('Thursday suits us, begun on the phone')
  // The keys are in its text, not back on New message across the window.
  await expect.poll(focusedTestId).toBe('reply-box')
  await page.getByTestId('reply-box').fill('Thursday suits us, finished in Rapport')

  // The next sync puts Rapport's copies up and deletes the phone's.
  await syncNow()
  await expect.poll(idsInDrafts, { timeout: 10_000 }).toHaveLength(2)
  expect(await idsInDrafts()).not.toEqual(expect.arrayContaining([expect.stringMatching(/@phone\.test>$/)]))
  expect(await onServer()).toEqual([])
  await page.getByTestId('new-message').click()
  expect(await page.getByTestId('composer-text').inputValue()).toBe('Our prices, begun on the phone')
  expect(await listed.count()).toBe(0)
})

it('puts the keys in the reply box of a conversation already open on its Comment tab', async () => {
  const { server } = mailbox
  const alice = server.users[0]!
  // The test before leaves New message open.
  await page.keyboard.press('Escape')
  await app.composer.waitFor({ state: 'detached' })
  await appendMessages(server, alice.user, alice.password, 'Drafts', [
    {
      raw: draftMail('alice', {
        id: '<tables@phone.test>',
        to: 'Carlos Mendes <carlos@client.test>',
        subject: 'Re: Quote for 12 tables',
        text: 'Oak, please',
        inReplyTo: '<tables@client.test>'
      }),
      flags: ['\\Draft', '\\Seen']
    }
  ])
  await syncNow()
  await app.openConversation('Quote for 12 tables')
  await page.getByTestId('tab-comment').click()

  await page.getByTestId('new-message').click()
  await page.getByTestId('server-draft').getByTestId('server-draft-continue').click()
  await app.composer.waitFor({ state: 'detached' })
  await expect.poll(focusedTestId).toBe('reply-box')
  expect(await page.getByTestId('reply-box').inputValue()).toBe('Oak, please')
  // What is typed next goes on the draft (the dialog's close gave no focus back to New message).
  await page.keyboard.type(', in oak')
  expect(await page.getByTestId('reply-box').inputValue()).toContain('in oak')
})
