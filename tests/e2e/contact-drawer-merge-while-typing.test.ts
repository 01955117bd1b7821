// A contact merged away in another window while the user is typing in one of its fields: the
// drawer follows it to the contact it went into, and what the user typed goes with it (still in
// the field, to be saved into the survivor), never thrown away without a word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

let mailbox: ConnectedMailbox
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 2 }
]

type CoreContact = { id: string; emails: string[]; company: string }
let nadiaId = ''
let officeId = ''

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'drawer-merge-typing') })
  ;({ crm } = mailbox)
  await crm.waitForSubjects(['Quote for 200 chairs'])
  nadiaId = await crm.contactIdByEmail('nadia@client.test')
  await crm.open('Quote for 200 chairs')
  await crm.openContact()
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('the contact drawer, merged away while the user types', () => {
  it('keeps the text being typed in a field when it follows the contact to the one it went into', async () => {
    const other = (await crm.callCore('contacts.create', {
      displayName: 'Putri Office',
      emails: ['nadia+office@client.test']
    })) as { id: string }
    officeId = other.id
    const company = crm.drawer.getByTestId('field-company')
    await company.getByRole('button').click()
    const input = company.getByRole('textbox')
    await input.fill('Acme Furniture')
    // Another window merges the contact this drawer shows into the other one.
    await crm.callCore('contacts.merge', { survivorId: other.id, mergedId: nadiaId })
    await crm.drawer.locator('#contact-name').filter({ hasText: 'Putri Office' }).waitFor()
    // The text is still there, in the survivor's field, and Enter saves it into the survivor.
    const kept = crm.drawer.getByTestId('field-company').getByRole('textbox')
    await expect.poll(() => kept.count()).toBe(1)
    expect(await kept.inputValue()).toBe('Acme Furniture')
    await kept.press('Enter')
    await expect
      .poll(
        async () => ((await crm.callCore('contacts.get', { contactId: other.id })) as CoreContact).company
      )
      .toBe('Acme Furniture')
  })

  it('keeps a tag being typed when it follows the contact again', async () => {
    const hq = (await crm.callCore('contacts.create', {
      displayName: 'Putri HQ',
      emails: ['nadia+hq@client.test']
    })) as { id: string }
    const tagInput = crm.drawer.getByTestId('contact-tags').getByRole('textbox')
    await tagInput.fill('wholesale')
    await crm.callCore('contacts.merge', { survivorId: hq.id, mergedId: officeId })
    await crm.drawer.locator('#contact-name').filter({ hasText: 'Putri HQ' }).waitFor()
    await expect
      .poll(() => crm.drawer.getByTestId('contact-tags').getByRole('textbox').inputValue())
      .toBe('wholesale')
  })
})
