// The outbox where the user looks, in the real renderer (Chromium, web mode): the daily send cap
// in the mailbox settings (set it, a bad value refused where it was typed, a send refused by it),
// and replies still in the outbox shown in their conversation with their state until sent (one
// the server refused for now as waiting for its next try, not as failed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { generateCorpus } from '../support/corpus'
import type { SmtpRelay } from '../support/smtp-relay'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { AppPage } from './pages/app-page'

let mailbox: ConnectedMailbox
let relay: SmtpRelay
let page: Page
let app: AppPage
/** While true, the SMTP server refuses every recipient, as for an unknown address. */
let refuseRecipients = false
/** While true, the SMTP server refuses every recipient for now, as greylisting does. */
let greylist = false

beforeAll(async () => {
  const corpus = await generateCorpus({ seed: 31, count: 5, selfAddress: MAILBOX_ADDRESS })
  mailbox = await connectMailbox({
    mail: corpus.map((m) => m.raw),
    reject: () =>
      greylist
        ? { code: 451, message: '4.7.1 Greylisted, try again later' }
        : refuseRecipients
          ? '5.1.1 Mailbox does not exist'
          : null
  })
  ;({ relay, page, app } = mailbox)
  await app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

const section = () => page.getByTestId('account-settings').getByTestId('send-cap')

describe('the daily send cap in the mailbox settings', () => {
  it('is off by default, turns on with a suggested value, and refuses a value outside 1–100000 where it was typed', async () => {
    await page.getByTestId('account-settings-open').click()
    await section().waitFor()
    expect(await section().getByTestId('send-cap-sent').textContent()).toBe(
      '0 messages sent in the last 24 hours.'
    )
    expect(await section().getByTestId('send-cap-enabled').isChecked()).toBe(false)
    expect(await section().getByTestId('send-cap-value').count()).toBe(0)

    await section().getByTestId('send-cap-enabled').check()
    await section().getByText('0 of 200 messages sent in the last 24 hours.').waitFor()
    // The field takes the stored cap in an effect, a render after the line showing it.
    await expect.poll(() => section().getByTestId('send-cap-value').inputValue()).toBe('200')

    await section().getByTestId('send-cap-value').fill('0')
    await section().getByTestId('send-cap-save').click()
    expect(await section().getByTestId('send-cap-error').textContent()).toBe(
      'Enter a whole number from 1 to 100,000.'
    )
    // Nothing was saved: the stored cap is still the suggested one.
    await app.screenshot('send-cap-invalid')
    expect(await section().getByTestId('send-cap-sent').textContent()).toMatch(/of 200 /)

    await section().getByTestId('send-cap-value').fill('1')
    await section().getByTestId('send-cap-save').click()
    await section().getByText('0 of 1 messages sent in the last 24 hours.').waitFor()
    expect(await section().getByTestId('send-cap-error').count()).toBe(0)
    await page.getByTestId('account-settings-close').click()
  })

  it('lets one reply through under a cap of 1 and refuses the next in the composer with the reason', async () => {
    await app.threadRows.first().click()
    await app.messages.first().waitFor()
    const first = `Under the cap ${Date.now()}`
    await app.reply(first)
    await page.getByTestId('undo-send-now').click()
    await app.messages.filter({ hasText: first }).waitFor()

    await app.reply(`Over the cap ${Date.now()}`)
    await page
      .getByText('This account has reached its daily send cap. Raise the cap, or send later.')
      .waitFor()
    expect(relay.received.filter((m) => m.raw.toString('utf8').includes('Over the cap'))).toHaveLength(0)

    // The settings show the count against the cap, and switching the cap off clears it.
    await page.getByTestId('account-settings-open').click()
    await section().getByText('1 of 1 messages sent in the last 24 hours.').waitFor()
    await section().getByTestId('send-cap-enabled').uncheck()
    await section().getByText('1 message sent in the last 24 hours.').waitFor()
    await page.getByTestId('account-settings-close').click()
  })
})

describe('replies still in the outbox, in their conversation', () => {
  const pending = () => page.getByTestId('thread-view').getByTestId('thread-outbox-item')

  it('shows a reply in its undo window as "Sends HH:MM" at the end of the thread, until it is sent', async () => {
    await app.threadRows.nth(1).click()
    await app.messages.first().waitFor()
    const text = `Waiting in the outbox ${Date.now()}`
    await app.reply(text)
    await pending().first().waitFor()
    expect(await pending().count()).toBe(1)
    expect(await pending().first().getAttribute('data-state')).toBe('scheduled')
    expect(await pending().first().getByTestId('thread-outbox-marker').textContent()).toMatch(
      /^Sends \d{1,2}:\d{2}/
    )
    await app.screenshot('thread-outbox-scheduled')
    await page.getByTestId('undo-send-now').click()
    await app.messages.filter({ hasText: text }).waitFor()
    await pending().first().waitFor({ state: 'detached' })
  })

  it('shows a reply the server refused as "Not sent" with the server’s reason, where the user reads the thread', async () => {
    refuseRecipients = true
    try {
      await app.reply(`Refused by the server ${Date.now()}`)
      await page.getByTestId('undo-send-now').click()
      const failed = page
        .getByTestId('thread-view')
        .locator('[data-testid="thread-outbox-item"][data-state="failed"]')
      await failed.first().waitFor()
      expect(await failed.first().getByTestId('thread-outbox-marker').textContent()).toMatch(
        /^Not sent: .*5\.1\.1 Mailbox does not exist/
      )
      await app.screenshot('thread-outbox-failed')
    } finally {
      refuseRecipients = false
    }
  })

  it('shows a reply the server refused for now as waiting, with when it is tried again and the server’s words', async () => {
    greylist = true
    try {
      await app.reply(`Greylisted by the server ${Date.now()}`)
      await page.getByTestId('undo-send-now').click()
      const waiting = page
        .getByTestId('thread-view')
        .locator('[data-testid="thread-outbox-item"][data-state="queued"]')
        .filter({ hasText: 'Will retry' })
      await waiting.first().waitFor()
      const marker = waiting.first().getByTestId('thread-outbox-marker')
      expect(await marker.textContent()).toMatch(
        /^Waiting to send: Will retry at \d{1,2}:\d{2}\s?(AM|PM)? on its own\. .*451 4\.7\.1 Greylisted/
      )
      // Not a failure calling for action: no alert, and no "Not sent".
      expect(await marker.getAttribute('role')).toBeNull()
      await page.getByTestId('outbox-open').click()
      const row = page.getByTestId('outbox-item').filter({ hasText: 'Will retry' })
      expect(await row.getByTestId('outbox-state').textContent()).toBe('Waiting to send')
      expect(await row.getByTestId('outbox-error').textContent()).toMatch(
        /^Will retry at .* on its own\. .*451 4\.7\.1 Greylisted/
      )
      expect(await row.getByTestId('outbox-error').getAttribute('class')).toContain('outbox__error--deferred')
      await app.screenshot('outbox-deferred')
      await row.getByTestId('outbox-delete').click()
      await row.waitFor({ state: 'detached' })
      await page.keyboard.press('Escape')
    } finally {
      greylist = false
    }
  })
})
