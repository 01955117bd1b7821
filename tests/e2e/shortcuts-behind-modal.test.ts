// The single-key shortcuts act on the open conversation, which a modal dialog covers: while New
// message is open they must stay off even when focus is on no field (a click on the dialog's
// heading or margin puts it on <body>, as does sending, which disables the fields). There, `f`
// forwarded the hidden conversation over the message being written.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let page: Page
let app: AppPage

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('behind1', 'Quote for chairs')] })
  ;({ page, app } = mailbox)
  await app.threadRows.first().waitFor()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('f with New message open and focus on no field leaves the message being written alone', async () => {
  await app.openConversation('Quote for chairs')
  await page.getByTestId('message-forward').waitFor()
  await page.getByTestId('new-message').click()
  await page.getByTestId('composer-subject').fill('Half-written note')
  // A click on the heading, which takes no focus: the keys now go to <body>.
  await page.locator('#composer-title').click()
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true)
  await page.keyboard.press('f')
  expect(await page.getByTestId('composer-subject').inputValue()).toBe('Half-written note')
  expect(await page.getByTestId('composer').getByTestId('aside-draft').count()).toBe(0)
})
