// The contact drawer after an edit: a first or last name corrected shows as the contact's name
// (the drawer's title, the list, the conversation), and a save the core refuses leaves the
// keyboard in the field, so the next keys fix the value instead of acting on the conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [
  // As Outlook names people ("Last, First"), and a last name with an apostrophe.
  { from: '"Tan, Bob" <bob@shop.test>', subject: 'Order 4411', hoursAgo: 5 },
  { from: "Sean O'Brien <sean@client.test>", subject: 'Irish linen', hoursAgo: 4 },
  { from: 'Nadia P <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 3 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'drawer-names') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(['Factory visit', 'Quote for 200 chairs', 'Irish linen', 'Order 4411'])
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('the contact drawer', () => {
  it('names the contact by the last name the user corrected, in the drawer, the list and the conversation', async () => {
    await crm.open('Quote for 200 chairs')
    await crm.openContact()
    const lastName = crm.drawer.getByTestId('field-lastName')
    await lastName.getByRole('button').click()
    await lastName.getByRole('textbox').fill('Putri')
    await lastName.getByRole('textbox').press('Enter')
    await lastName.locator('button.inline-field__value', { hasText: /^Putri$/ }).waitFor()
    await crm.drawer.locator('#contact-name', { hasText: /^Nadia Putri$/ }).waitFor()
    await crm.row('Quote for 200 chairs').filter({ hasText: 'Nadia Putri' }).waitFor()
    await page
      .getByTestId('contact-open')
      .filter({ hasText: /^Nadia Putri$/ })
      .waitFor()
    await crm.drawer.getByTestId('contact-close').click()
  })

  it('names a contact whose mail said "Tan, Bob" by the names corrected, and keeps an apostrophe', async () => {
    await crm.open('Order 4411')
    await crm.openContact()
    const lastName = crm.drawer.getByTestId('field-lastName')
    await lastName.locator('button.inline-field__value', { hasText: /^Tan$/ }).waitFor()
    await lastName.getByRole('button').click()
    await lastName.getByRole('textbox').fill('Tanaka')
    await lastName.getByRole('textbox').press('Enter')
    await lastName.locator('button.inline-field__value', { hasText: /^Tanaka$/ }).waitFor()
    await crm.drawer.locator('#contact-name', { hasText: /^Bob Tanaka$/ }).waitFor()
    await crm.row('Order 4411').filter({ hasText: 'Bob Tanaka' }).waitFor()
    await crm.drawer.getByTestId('contact-close').click()

    // The last name as the mail gave it: O'Brien, not OBrien.
    await crm.open('Irish linen')
    await crm.openContact()
    await crm.drawer
      .getByTestId('field-lastName')
      .locator('button.inline-field__value', { hasText: /^O'Brien$/ })
      .waitFor()
    await crm.drawer.getByTestId('contact-close').click()
  })

  it('keeps the keyboard in a field whose save was refused, so a typed "e" does not close the conversation', async () => {
    await crm.open('Factory visit')
    await crm.openContact()
    const emails = crm.drawer.getByTestId('field-emails')
    await emails.getByRole('button').click()
    const input = emails.getByRole('textbox')
    // Nadia's address: the core refuses it, as another contact holds it.
    await input.fill('li.wei@factory.test, nadia@client.test')
    await input.press('Enter')
    await emails.getByRole('alert').waitFor()
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('End')
    await page.keyboard.press('e')
    expect(await input.inputValue()).toBe('li.wei@factory.test, nadia@client.teste')
    expect(await crm.threadStatus.textContent()).toBe('Open')
    // Escape cancels the edit and leaves the drawer open.
    await page.keyboard.press('Escape')
    await input.waitFor({ state: 'detached' })
    expect(await crm.drawer.isVisible()).toBe(true)
  })
})
