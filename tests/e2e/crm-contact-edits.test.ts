import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'

// Editing a contact in the drawer against a real core: a save the core refuses shows its error
// next to the field; leads and custom fields made in the drawer or in settings show up live
// (through the core's `changed` events, with no reload by the page).

const SUBJECT = 'Quote for 200 chairs'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

beforeAll(async () => {
  const mail = [
    'From: Nadia Putri <nadia@client.test>',
    `To: Alice <${MAILBOX_ADDRESS}>`,
    `Subject: ${SUBJECT}`,
    `Date: ${new Date().toUTCString()}`,
    'Message-ID: <crm-edits-1@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello Alice, can you quote 200 chairs?',
    ''
  ].join('\r\n')
  mailbox = await connectMailbox({ mail: [Buffer.from(mail)] })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects([SUBJECT])
  await crm.open(SUBJECT)
  await crm.openContact()
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const lead = (title: string): Locator => crm.drawer.getByTestId('lead').filter({ hasText: title })

describe('editing contacts and settings in place', () => {
  it('shows a tag the core refuses (over 100 characters) under the tag box, and keeps what was typed', async () => {
    const tags = crm.drawer.getByTestId('contact-tags')
    const box = tags.getByRole('textbox')
    const tooLong = 'x'.repeat(101)
    await box.fill(tooLong)
    await box.press('Enter')
    const error = tags.getByTestId('tags-error')
    await error.waitFor()
    expect(await error.textContent()).toBe('This value is not valid. Check it and try again.')
    expect(await box.getAttribute('aria-invalid')).toBe('true')
    expect(await box.inputValue()).toBe(tooLong)
    expect(await tags.locator('.tag').count()).toBe(0)

    // A valid tag then saves, and the error goes away.
    await box.fill('wholesale')
    await box.press('Enter')
    await tags.locator('.tag', { hasText: 'wholesale' }).waitFor()
    await error.waitFor({ state: 'detached' })
  })

  it('shows an address that belongs to another contact under the emails field', async () => {
    await crm.callCore('contacts.create', { firstName: 'Rudi', emails: ['rudi@client.test'] })
    const emails = crm.drawer.getByTestId('field-emails')
    await emails.getByRole('button').click()
    const input = emails.getByRole('textbox')
    await input.fill('nadia@client.test, rudi@client.test')
    await input.press('Enter')
    const error = emails.getByRole('alert')
    await error.waitFor()
    // Whose address it is (contact-merge-picked.test.ts merges that contact in from here).
    expect(await error.textContent()).toBe('rudi@client.test is already an address of Rudi.')
    expect(await input.getAttribute('aria-invalid')).toBe('true')
    await input.press('Escape')
    // Back to the saved value (an input's text is not in textContent, so wait for it to go first).
    await input.waitFor({ state: 'detached' })
    expect(await emails.textContent()).not.toContain('rudi@client.test')
  })

  it('creates a lead from the drawer and moves it to another stage', async () => {
    await crm.drawer.getByRole('textbox', { name: 'New lead title' }).fill('200 chairs')
    await crm.drawer.getByRole('button', { name: 'Add lead' }).click()
    await lead('200 chairs').waitFor()
    const stages = await lead('200 chairs').locator('select option').allTextContents()
    expect(stages.length).toBeGreaterThan(1)
    expect(await lead('200 chairs').getAttribute('data-stage')).toBe(stages[0])

    await lead('200 chairs').locator('select').selectOption(stages[1]!)
    await crm.drawer.locator(`[data-testid="lead"][data-stage="${stages[1]}"]`).waitFor()
    expect(await lead('200 chairs').getByRole('alert').count()).toBe(0)
  })

  it('updates the open drawer live when the pipeline is changed in settings', async () => {
    await page.getByTestId('settings-open').click()
    await page.getByTestId('pipeline-stages').fill('Qualified\nProposal\nSigned')
    await page.getByRole('button', { name: 'Save stages' }).click()
    await page.getByTestId('settings').getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await page.getByTestId('settings-close').click()
    // The drawer stayed open behind settings; its stage picker now offers the new pipeline
    // (plus the stage the lead is still in).
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="lead"] select option')].some(
        (option) => option.textContent === 'Signed'
      )
    )
    await lead('200 chairs').locator('select').selectOption('Signed')
    await crm.drawer.locator('[data-testid="lead"][data-stage="Signed"]').waitFor()
  })

  it('defines a custom field that appears at once, then edits its value inline', async () => {
    const form = crm.drawer.getByTestId('define-field-form')
    await form.getByRole('textbox', { name: 'New field name' }).fill('Seats')
    await form.getByRole('combobox').selectOption('number')
    await form.getByRole('button').click()
    const field = crm.drawer.getByTestId('field-custom-seats')
    await field.waitFor()

    await field.getByRole('button').click()
    const input = field.getByRole('textbox')
    await input.fill('12')
    await input.press('Enter')
    await field.locator('button.inline-field__value', { hasText: /^12$/ }).waitFor()
    const contact = (await crm.callCore('contacts.list', {})) as Array<{
      customFields: Record<string, unknown>
    }>
    expect(contact.map((c) => c.customFields.seats)).toContain(12)
  })

  it('shows a refused role change under that member, and a member added twice under the add form', async () => {
    await page.getByTestId('settings-open').click()
    const form = page.getByTestId('add-member-form')
    const addDewi = async () => {
      await form.getByRole('textbox', { name: 'Name' }).fill('Dewi Lestari')
      await form.getByRole('textbox', { name: 'Email' }).fill('dewi@team.test')
      await form.getByRole('button').click()
    }
    await addDewi()
    const dewi = page.getByTestId('member-row').filter({ hasText: 'dewi@team.test' })
    await dewi.waitFor()

    // A workspace has one owner: the core refuses, and the row says so.
    await dewi.getByRole('combobox', { name: /role/i }).selectOption('owner')
    const rowError = dewi.getByRole('alert')
    await rowError.waitFor()
    expect(await rowError.textContent()).toBe('This value is not valid. Check it and try again.')
    expect(await dewi.getByRole('combobox', { name: /role/i }).inputValue()).toBe('agent')

    await addDewi()
    const formError = page.getByTestId('add-member-form-error')
    await formError.waitFor()
    expect(await formError.textContent()).toBe('This is already in use here. Enter a different one.')
    expect(await page.getByTestId('member-row').filter({ hasText: 'dewi@team.test' }).count()).toBe(1)
    await page.getByTestId('settings-close').click()
  })
})
