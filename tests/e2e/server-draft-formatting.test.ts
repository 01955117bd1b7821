// A draft begun in another mail program with formatting Rapport's plain-text composer cannot keep
// (bold, a link with words of its own): Continue here asks first, says the original stays in
// Drafts, and continues only when told to; Cancel leaves it listed. A draft whose HTML is only
// paragraphs continues at once, as a plain-text one does. Real renderer (Chromium), real core,
// real Dovecot.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { appendMessages } from '../support/dovecot'
import { draftMail, textAndHtml } from '../support/draft-mail'
import { messageIdsIn } from '../support/imap-probe'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('chairs', 'Quote for 40 chairs')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

/** The Message-IDs in Alice's Drafts folder, as the phone sees it. */
const idsInDrafts = () => messageIdsIn(mailbox.server, mailbox.server.users[0]!, 'Drafts')

const syncNow = () => app.syncNow()

it('asks before continuing a formatted draft as plain text, and keeps its original on the server', async () => {
  const { server } = mailbox
  const alice = server.users[0]!
  const phoneDraft = (id: string, subject: string, text: string, html: string) => ({
    raw: draftMail('alice', {
      id,
      to: 'Pat Prospect <pat@prospect.test>',
      subject,
      mime: textAndHtml(text, html)
    }),
    flags: ['\\Draft', '\\Seen']
  })
  await appendMessages(server, alice.user, alice.password, 'Drafts', [
    phoneDraft(
      '<styled@phone.test>',
      'Styled offer',
      'Our price: 200 chairs, see our terms',
      '<p>Our price: <b>200 chairs</b>, see <a href="https://example.test/terms">our terms</a></p>'
    ),
    phoneDraft('<simple@phone.test>', 'Simple offer', 'Hi Pat,', '<div dir="ltr">Hi Pat,</div>')
  ])
  await syncNow()

  await page.getByTestId('new-message').click()
  const listed = page.getByTestId('server-draft')
  await expect.poll(() => listed.count()).toBe(2)
  const styled = listed.filter({ hasText: 'Styled offer' })
  const question = page.getByTestId('server-draft-formatting')

  // Asked, nothing is continued yet; Cancel leaves the draft listed and the composer empty.
  await styled.getByTestId('server-draft-continue').click()
  await question.waitFor()
  expect(await question.textContent()).toContain('formatting Rapport can’t keep')
  expect(await question.textContent()).toContain('The original stays in Drafts')
  expect(await page.getByTestId('composer-text').inputValue()).toBe('')
  // The choice to go on has the focus.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'server-draft-continue-plain'
  )
  await question.getByTestId('server-draft-cancel').click()
  await question.waitFor({ state: 'detached' })
  expect(await listed.count()).toBe(2)
  expect(await page.getByTestId('composer-text').inputValue()).toBe('')

  // Asked again, and told to go on: the text comes into the composer.
  await styled.getByTestId('server-draft-continue').click()
  await question.getByTestId('server-draft-continue-plain').click()
  await expect
    .poll(() => page.getByTestId('composer-text').inputValue())
    .toBe('Our price: 200 chairs, see our terms')
  await expect.poll(() => listed.count()).toBe(1)

  // The next sync puts Rapport's copy up beside the phone's, which stays until the message is sent.
  await page.keyboard.press('Escape')
  await app.composer.waitFor({ state: 'detached' })
  await syncNow()
  await expect.poll(idsInDrafts, { timeout: 10_000 }).toHaveLength(3)
  expect(await idsInDrafts()).toContain('<styled@phone.test>')

  // A draft whose HTML is only paragraphs continues at once, set beside what is being written.
  await page.getByTestId('new-message').click()
  await listed.filter({ hasText: 'Simple offer' }).getByTestId('server-draft-continue').click()
  await expect.poll(() => listed.count()).toBe(0)
  expect(await question.count()).toBe(0)
  expect(await page.getByTestId('composer-text').inputValue()).toBe('Our price: 200 chairs, see our terms')
})
