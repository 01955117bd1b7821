// Dates, times, sizes and counts as the user's region writes them, in the real renderer: a British
// user of the English UI reads "2 Nov 2026, 09:00" (not "Nov 2, 2026, 9:00 AM", where 02/11 would
// be read the American way), and an Indonesian one reads "1,5 MB" in the composer as in the thread,
// and a cap of 2000 as "2.000" (the counts in the text showed "2000" in every language).
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { AppPage } from './pages/app-page'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { preferLanguage } from './fixtures/ui-language'

const mailbox = useQuoteMailbox()
let opened: Page | undefined

afterEach(async () => {
  await opened?.context().close()
  opened = undefined
})

/** The app in a window of its own whose system language (and region) is `locale`. */
async function openIn(locale: string, timezoneId: string): Promise<AppPage> {
  const { page, web } = mailbox()
  const context = await page
    .context()
    .browser()!
    .newContext({
      viewport: { width: 1400, height: 900 },
      locale,
      timezoneId
    })
  await preferLanguage(context, locale)
  opened = await context.newPage()
  await opened.goto(web.url)
  const app = new AppPage(opened)
  await app.threadRows.first().waitFor({ timeout: 60_000 })
  return app
}

describe('regional formats', () => {
  it('shows a British user of the English UI dates and times the British way', async () => {
    const app = await openIn('en-GB', 'Europe/London')
    // Still the English UI.
    await app.page.getByTestId('new-message').filter({ hasText: 'New message' }).waitFor()
    const date = app.threadRows.first().locator('time')
    expect(await date.getAttribute('title')).toBe('2 Nov 2026, 09:00')
    await app.openConversation('Quote for 40 chairs')
    expect(await app.messages.first().locator('time').textContent()).toBe('2 Nov 2026, 09:00')
  })

  it('says the sizes of files being attached as Indonesian writes numbers', async () => {
    const app = await openIn('id-ID', 'Asia/Jakarta')
    await app.openConversation('Quote for 40 chairs')
    const replyId = await app.page.getByTestId('reply-box').getAttribute('id')
    await app.page.getByTestId(`${replyId}-attachments-input`).setInputFiles({
      name: 'penawaran.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(1.5 * 1024 * 1024, 1)
    })
    expect(await app.replyBox.getByTestId('attachment').locator('span').textContent()).toBe(
      'penawaran.pdf · 1,5 MB'
    )
    expect(await app.replyBox.locator('.attachments__total').textContent()).toBe('1,5 MB dari 25 MB')
  })

  it('says counts in the text as Indonesian writes numbers', async () => {
    const app = await openIn('id-ID', 'Asia/Jakarta')
    await app.page.getByTestId('account-settings-open').click()
    const section = app.page.getByTestId('account-settings').getByTestId('send-cap')
    await section.getByTestId('send-cap-enabled').check()
    await expect.poll(() => section.getByTestId('send-cap-value').inputValue()).toBe('200')
    await section.getByTestId('send-cap-value').fill('2000')
    await section.getByTestId('send-cap-save').click()
    await section.getByText('0 dari 2.000 pesan terkirim dalam 24 jam terakhir.').waitFor()

    await section.getByTestId('send-cap-value').fill('0')
    await section.getByTestId('send-cap-save').click()
    expect(await section.getByTestId('send-cap-error').textContent()).toBe(
      'Masukkan bilangan bulat dari 1 sampai 100.000.'
    )
  })
})
