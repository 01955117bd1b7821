// A deal's value as an Indonesian sales rep types it: "2.500.000,75" is two and a half million
// rupiah and 75 sen ("." groups thousands, "," starts the fraction). The value field was a number
// input, which reads only "2500000.75": Chromium dropped the "," and the second ".", and the lead
// was saved at 250000075 (typed "2500000,75") or 2.5 (typed "2.500.000") without a word.
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { preferLanguage } from './fixtures/ui-language'
import { CrmPage } from './pages/crm-page'

const mailbox = useQuoteMailbox()
let opened: Page | undefined

afterEach(async () => {
  await opened?.context().close()
  opened = undefined
})

type Lead = { title: string; value: number }

/** The app in a window of its own on an Indonesian system, with Carlos's contact drawer open. */
async function openDrawerInIndonesian(): Promise<CrmPage> {
  const { page, web } = mailbox()
  const context = await page
    .context()
    .browser()!
    .newContext({ viewport: { width: 1400, height: 900 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta' })
  await preferLanguage(context, 'id-ID')
  opened = await context.newPage()
  await opened.goto(web.url)
  const crm = new CrmPage(opened)
  await crm.open('Quote for 40 chairs')
  await crm.openContact()
  return crm
}

/** Adds a lead from the keyboard and types its value into its field, ending with Enter. */
async function typeLeadValue(crm: CrmPage, title: string, typed: string): Promise<void> {
  const keyboard = crm.page.keyboard
  await crm.drawer.getByRole('textbox', { name: 'Judul prospek baru' }).focus()
  await keyboard.type(title)
  await keyboard.press('Enter')
  const row = crm.drawer.getByTestId('lead').filter({ hasText: title })
  await row.getByRole('button', { name: 'Nilai' }).focus()
  await keyboard.press('Enter')
  await keyboard.press('ControlOrMeta+a')
  await keyboard.type(typed)
  await keyboard.press('Enter')
}

const valueOf = async (crm: CrmPage, title: string) =>
  ((await crm.callCore('leads.list', {})) as Lead[]).find((l) => l.title === title)?.value

describe('a lead value typed as Indonesian writes numbers', () => {
  it('keeps 2.500.000,75 as two and a half million and 75 sen, and edits it as 2500000,75', async () => {
    const crm = await openDrawerInIndonesian()
    await typeLeadValue(crm, 'Kursi kantor', '2.500.000,75')
    const value = crm.drawer.getByTestId('lead').filter({ hasText: 'Kursi kantor' }).getByRole('button', {
      name: 'Nilai'
    })
    await expect.poll(() => valueOf(crm, 'Kursi kantor')).toBe(2500000.75)
    await expect.poll(() => value.textContent()).toBe('2.500.000,75')
    // Edited again, the field holds the value as Indonesian writes it, not "2500000.75".
    await value.focus()
    await crm.page.keyboard.press('Enter')
    expect(await crm.drawer.locator('.lead-row input').inputValue()).toBe('2500000,75')
    await crm.page.keyboard.press('Escape')
  })

  it('refuses 1.5, which Indonesian does not write, rather than saving 15 or 1.5', async () => {
    const crm = await openDrawerInIndonesian()
    await typeLeadValue(crm, 'Meja rapat', '1.5')
    const row = crm.drawer.getByTestId('lead').filter({ hasText: 'Meja rapat' })
    await row.getByRole('alert').waitFor()
    expect(await valueOf(crm, 'Meja rapat')).toBe(0)
  })

  it('shows a number custom field as Indonesian writes it too, not as it is stored', async () => {
    const crm = await openDrawerInIndonesian()
    const contacts = (await crm.callCore('contacts.list', {})) as Array<{ id: string; emails: string[] }>
    const carlos = contacts.find((c) => c.emails.includes('carlos@client.test'))!
    await crm.callCore('contacts.defineField', { key: 'budget', label: 'Anggaran', type: 'number' })
    await crm.callCore('contacts.update', { contactId: carlos.id, customFields: { budget: 2500.5 } })
    const budget = crm.drawer.getByTestId('field-custom-budget').locator('button.inline-field__value')
    await expect.poll(() => budget.textContent()).toBe('2.500,5')
  })
})
