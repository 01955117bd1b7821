// A Send later time in the past, in the real renderer against a real core: the core's refusal
// (INVALID_INPUT on sendAt) is said specifically, at the time picker, not as "This value is not
// valid" under the text; and the picker offers no time already gone.
import { describe, expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'

const mailbox = useQuoteMailbox()
const PAST = '2020-01-01T09:00'
const REFUSED = 'The time to send is in the past; choose a later time.'

/** The picker's `min` is now, to the minute, in the page's local time. */
async function expectMinIsNow(id: string): Promise<void> {
  const { page } = mailbox()
  const min = await page.locator(`#${id}`).getAttribute('min')
  expect(min).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/)
  const away = await page.evaluate((value) => Math.abs(Date.now() - new Date(value).getTime()), min!)
  expect(away).toBeLessThan(2 * 60_000)
}

describe('a Send later time in the past', () => {
  it('is refused at the picker of the reply box, not under the text', async () => {
    const { page, app } = mailbox()
    await app.threadRows.first().click()
    await app.messages.first().waitFor()
    const replyId = await page.getByTestId('reply-box').getAttribute('id')
    await page.getByTestId(`${replyId}-later-toggle`).check()
    await expectMinIsNow(`${replyId}-later`)
    await page.getByTestId(`${replyId}-later`).fill(PAST)
    await app.reply('Later, please')

    // The one error shown, wherever it is: said specifically, at the picker.
    const error = page.locator('.reply-box').getByRole('alert')
    await error.waitFor()
    expect(await error.textContent()).toBe(REFUSED)
    expect(await error.getAttribute('id')).toBe(`${replyId}-later-error`)
    const picker = page.getByTestId(`${replyId}-later`)
    expect(await picker.getAttribute('aria-invalid')).toBe('true')
    expect(await picker.getAttribute('aria-describedby')).toBe(`${replyId}-later-error`)
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true)
    const text = page.getByTestId('reply-box')
    expect(await text.getAttribute('aria-invalid')).toBeNull()
    expect(await text.getAttribute('aria-describedby')).toBeNull()
    expect(await page.locator(`#${replyId}-error`).count()).toBe(0)
    await app.screenshot('reply-send-later-in-the-past')
  })

  it('is refused at the picker of the New message dialog, not at its top', async () => {
    const { page, app } = mailbox()
    await page.getByTestId('new-message').click()
    await page.getByTestId('composer-to').fill('carlos@client.test')
    await page.getByTestId('composer-subject').fill('Catalogue')
    await page.getByTestId('composer-text').fill('Our catalogue')
    await page.getByTestId('composer-later-toggle').check()
    await expectMinIsNow('composer-later')
    await page.getByTestId('composer-later').fill(PAST)
    await page.getByTestId('composer-send').click()

    const error = page.getByTestId('composer').getByRole('alert')
    await error.waitFor()
    expect(await error.textContent()).toBe(REFUSED)
    expect(await error.getAttribute('id')).toBe('composer-later-error')
    const picker = page.getByTestId('composer-later')
    expect(await picker.getAttribute('aria-describedby')).toBe('composer-later-error')
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.getByTestId('composer').locator('.composer__error').count()).toBe(0)
    await app.screenshot('composer-send-later-in-the-past')
  })
})
