// Merging contacts the suggestions do not offer: one picked in the drawer by name or address, and
// one that has an address typed into the emails field. Both merge as a suggestion does (a blocked
// contact only with a blocked one, Undo in the activity).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

let mailbox: ConnectedMailbox
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 2 }
]

type CoreContact = { id: string; displayName: string; emails: string[] }
let nadiaId = ''
const contact = async (contactId: string) =>
  (await crm.callCore('contacts.get', { contactId })) as CoreContact
const survivorOf = async (contactId: string) =>
  ((await crm.callCore('contacts.resolve', { contactId })) as { contactId: string | null }).contactId

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'drawer-merge-picked') })
  ;({ crm } = mailbox)
  await crm.waitForSubjects(['Quote for 200 chairs'])
  nadiaId = await crm.contactIdByEmail('nadia@client.test')
  await crm.open('Quote for 200 chairs')
  await crm.openContact()
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('merging a contact picked in the drawer', () => {
  it('finds another contact by name, merges it in, and undoes the merge', async () => {
    const other = (await crm.callCore('contacts.create', {
      displayName: 'Nadia P',
      emails: ['nadia@gmail.test']
    })) as CoreContact
    const emails = crm.drawer.getByTestId('field-emails')
    const picker = crm.drawer.getByTestId('merge-picker')
    await picker.getByRole('searchbox').fill('nadia')
    // The contact shown is not offered to merge into itself.
    const picked = picker.getByTestId('merge-pick')
    await picked.filter({ hasText: 'nadia@gmail.test' }).waitFor()
    expect(await picked.count()).toBe(1)
    await picked.getByRole('button', { name: 'Merge Nadia P into this contact' }).click()
    await emails.filter({ hasText: 'nadia@gmail.test' }).waitFor()
    expect(await survivorOf(other.id)).toBe(nadiaId)
    expect(await picker.getByRole('searchbox').inputValue()).toBe('')

    await crm.drawer.locator('[data-testid="activity-entry"][data-type="contact_merged"]').waitFor()
    await crm.drawer.getByTestId('unmerge-contact').click()
    await expect.poll(() => emails.textContent()).not.toContain('nadia@gmail.test')
    expect((await contact(other.id)).emails).toEqual(['nadia@gmail.test'])
  })

  it('refuses to merge a blocked contact into one that is not, saying what to do', async () => {
    const other = (await crm.callCore('contacts.create', {
      displayName: 'Putri Spam',
      emails: ['putri@spam.test']
    })) as CoreContact
    await crm.callCore('contacts.block', { contactId: other.id })
    const picker = crm.drawer.getByTestId('merge-picker')
    await picker.getByRole('searchbox').fill('putri@spam')
    await picker.getByTestId('merge-pick').filter({ hasText: 'Putri Spam' }).getByRole('button').click()
    const error = picker.getByTestId('merge-pick-error')
    await error.waitFor()
    expect(await error.textContent()).toBe(
      'One of the two contacts is blocked and the other is not. Unblock it (or block the other) first, then merge.'
    )
    expect(await survivorOf(other.id)).toBe(other.id)
    await picker.getByRole('searchbox').fill('')
  })
})

describe('an address typed that another contact has', () => {
  it('names that contact and merges it in with one click, keeping its other addresses', async () => {
    const rudi = (await crm.callCore('contacts.create', {
      firstName: 'Rudi',
      emails: ['rudi@client.test', 'rudi@home.test']
    })) as CoreContact
    const emails = crm.drawer.getByTestId('field-emails')
    await emails.getByRole('button').click()
    const input = emails.getByRole('textbox')
    await input.fill('nadia@client.test, rudi@client.test, nadia@office.test')
    await input.press('Enter')
    const heldBy = emails.getByTestId('email-held-by')
    await heldBy.waitFor()
    expect(await heldBy.getByRole('alert').textContent()).toBe(
      'rudi@client.test is already an address of Rudi.'
    )
    await heldBy.getByRole('button', { name: 'Merge Rudi into this contact' }).click()
    // The edit ends saved: what was typed, with the address Rudi brought that was not typed.
    await input.waitFor({ state: 'detached' })
    await expect
      .poll(async () => (await contact(nadiaId)).emails)
      .toEqual(['nadia@client.test', 'nadia@office.test', 'rudi@client.test', 'rudi@home.test'])
    expect(await survivorOf(rudi.id)).toBe(nadiaId)
    await emails.filter({ hasText: 'rudi@home.test' }).waitFor()

    // Undone like any merge: Rudi is back with both addresses.
    await crm.drawer
      .locator('[data-testid="activity-entry"][data-type="contact_merged"]')
      .getByTestId('unmerge-contact')
      .click()
    await expect.poll(() => survivorOf(rudi.id)).toBe(rudi.id)
    expect((await contact(rudi.id)).emails).toEqual(['rudi@client.test', 'rudi@home.test'])
    expect((await contact(nadiaId)).emails).toEqual(['nadia@client.test', 'nadia@office.test'])
  })

  it('says why a blocked holder cannot be merged in, and keeps what was typed', async () => {
    const spam = (await crm.callCore('contacts.create', {
      firstName: 'Offers',
      emails: ['offers@spam.test']
    })) as CoreContact
    await crm.callCore('contacts.block', { contactId: spam.id })
    const emails = crm.drawer.getByTestId('field-emails')
    await emails.getByRole('button').click()
    const input = emails.getByRole('textbox')
    await input.fill('nadia@client.test, offers@spam.test')
    await input.press('Enter')
    const heldBy = emails.getByTestId('email-held-by')
    await heldBy.getByRole('button', { name: 'Merge Offers into this contact' }).click()
    const error = heldBy.getByTestId('email-held-by-error')
    await error.waitFor()
    expect(await error.textContent()).toBe(
      'One of the two contacts is blocked and the other is not. Unblock it (or block the other) first, then merge.'
    )
    expect(await input.inputValue()).toBe('nadia@client.test, offers@spam.test')
    expect(await survivorOf(spam.id)).toBe(spam.id)
    await input.press('Escape')
    await input.waitFor({ state: 'detached' })
  })
  it('saves an address corrected after the refusal when Tab leaves the field', async () => {
    const sari = (await crm.callCore('contacts.create', {
      firstName: 'Sari',
      emails: ['sari@client.test']
    })) as CoreContact
    const emails = crm.drawer.getByTestId('field-emails')
    await emails.getByRole('button').click()
    const input = emails.getByRole('textbox')
    await input.fill('nadia@client.test, sari@client.test')
    await input.press('Enter')
    await emails.getByTestId('email-held-by').waitFor()
    // A typo, not the same person: corrected, and left with Tab as any field is. Tab reaches the
    // refusal's Merge button first, which is in the field.
    await input.fill('nadia@client.test, nadia@office.test')
    await input.press('Tab')
    await input.waitFor({ state: 'detached' })
    expect((await contact(nadiaId)).emails).toEqual(['nadia@client.test', 'nadia@office.test'])
    expect(await survivorOf(sari.id)).toBe(sari.id)
  })
})
