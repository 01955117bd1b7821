// The contact drawer and Settings against edits made elsewhere (another window, sync): a field
// left unchanged or a tag added saves only what the user changed; number fields refuse what is
// not a number; focus stays where the keyboard user is; a contact merged away elsewhere is
// followed to the one it went into; long tags stay inside the drawer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { announcesContacts } from './fixtures/rpc-frames'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

// From a review of the contact drawer and Settings: edits made elsewhere that the drawer or the
// settings would put back or throw away, a number field taking garbage, and focus after saves.

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 2 }
]

/** Contact `changed` events the route drops, to play a drawer that has not heard of an edit yet. */
const route = { dropContactEvents: false }

type CoreContact = {
  id: string
  emails: string[]
  company: string
  country: string
  tags: string[]
  customFields: Record<string, unknown>
}

let nadiaId = ''
const nadia = async () => (await crm.callCore('contacts.get', { contactId: nadiaId })) as CoreContact
const activeId = () => page.evaluate(() => document.activeElement?.id ?? '')
const activeTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail(MAIL, 'review-drawer'),
    prepare: (context) =>
      context.routeWebSocket(/\/rpc\b/, (ws) => {
        const server = ws.connectToServer()
        ws.onMessage((message) => server.send(message))
        server.onMessage((message) => {
          if (!(route.dropContactEvents && announcesContacts(message))) ws.send(message)
        })
      })
  })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(['Quote for 200 chairs'])
  nadiaId = await crm.contactIdByEmail('nadia@client.test')
  await crm.open('Quote for 200 chairs')
  await crm.openContact()
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('the contact drawer', () => {
  it('does not put back the old value of a field left unchanged while another window saved a new one', async () => {
    const company = crm.drawer.getByTestId('field-company')
    await company.getByRole('button').click()
    const input = company.getByRole('textbox')
    await input.waitFor()
    // Another window fills in the company (and the country), and this drawer hears of it.
    await crm.callCore('contacts.update', { contactId: nadiaId, company: 'Acme', country: 'Indonesia' })
    await crm.drawer
      .getByTestId('field-country')
      .locator('button.inline-field__value', { hasText: /^Indonesia$/ })
      .waitFor()
    // The user leaves the company field without typing anything.
    await input.press('Tab')
    await input.waitFor({ state: 'detached' })
    expect((await nadia()).company).toBe('Acme')
  })

  it('adds a tag without dropping one another window added that the drawer has not shown yet', async () => {
    const tags = crm.drawer.getByTestId('contact-tags')
    route.dropContactEvents = true
    await crm.callCore('contacts.update', { contactId: nadiaId, tags: ['vip'] })
    const box = tags.getByRole('textbox')
    await box.fill('wholesale')
    await box.press('Enter')
    route.dropContactEvents = false
    await expect.poll(async () => (await nadia()).tags.includes('wholesale'), { timeout: 5_000 }).toBe(true)
    expect((await nadia()).tags.sort()).toEqual(['vip', 'wholesale'])
  })

  it('refuses what is not a number in a number field instead of clearing the value saved', async () => {
    await crm.callCore('contacts.defineField', { key: 'seats', label: 'Seats', type: 'number' })
    await crm.callCore('contacts.update', { contactId: nadiaId, customFields: { seats: 5 } })
    const seats = crm.drawer.getByTestId('field-custom-seats')
    await seats.locator('button.inline-field__value', { hasText: /^5$/ }).click()
    const input = seats.getByRole('textbox')
    await input.press('ControlOrMeta+a')
    await page.keyboard.type('1e')
    await input.press('Enter')
    // Either the save happened (the input went) or the field said why not.
    await seats.getByRole('alert').or(seats.locator('button.inline-field__value')).first().waitFor()
    expect((await nadia()).customFields.seats).toBe(5)
    expect(await seats.getByRole('alert').count()).toBe(1)
    await input.press('Escape')
  })

  it('keeps focus on the field after Enter saves it, so the keyboard user goes on from there', async () => {
    const country = crm.drawer.getByTestId('field-country')
    await country.getByRole('button').focus()
    await page.keyboard.press('Enter')
    const input = country.getByRole('textbox')
    await input.fill('Singapore')
    await input.press('Enter')
    await input.waitFor({ state: 'detached' })
    await expect.poll(activeId, { timeout: 2_000 }).toBe('contact-country')
  })

  it('gives focus back to the contact button when the drawer is closed with its Close button', async () => {
    await page.getByTestId('contact-open').focus()
    await page.keyboard.press('Escape')
    await crm.drawer.waitFor({ state: 'detached' })
    await page.getByTestId('contact-open').focus()
    await page.keyboard.press('Enter')
    await crm.drawer.waitFor()
    await crm.drawer.getByTestId('contact-close').focus()
    await page.keyboard.press('Enter')
    await crm.drawer.waitFor({ state: 'detached' })
    await expect.poll(activeTestId, { timeout: 2_000 }).toBe('contact-open')
  })
})

describe('Settings', () => {
  it('keeps a pipeline being typed when a lead changes in another window', async () => {
    await crm.openContact()
    await page.getByTestId('settings-open').click()
    const stages = page.getByTestId('pipeline-stages')
    await stages.waitFor()
    await stages.fill('Qualified\nProposal\nSigned')
    // Another window adds a lead for Nadia; the drawer behind Settings shows it.
    await crm.callCore('leads.create', { title: 'Second order', contactIds: [nadiaId] })
    await crm.drawer.getByTestId('lead').filter({ hasText: 'Second order' }).waitFor()
    // One more round trip: the settings' own re-query (sent on the same event) has answered.
    await crm.callCore('leads.stages', {})
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
    expect(await stages.inputValue()).toBe('Qualified\nProposal\nSigned')
    await page.getByTestId('settings-close').click()
  })
})

describe('the contact drawer with long text', () => {
  it('keeps a long tag inside the drawer, its remove button on screen', async () => {
    await page.keyboard.press('Escape')
    await crm.openContact()
    const long = 'x'.repeat(100)
    await crm.callCore('contacts.update', { contactId: nadiaId, tags: ['vip', long] })
    const tag = crm.drawer.locator('.tag', { hasText: long })
    await tag.waitFor()
    const drawer = (await crm.drawer.boundingBox())!
    const remove = (await tag.getByRole('button').boundingBox())!
    expect(remove.x + remove.width).toBeLessThanOrEqual(drawer.x + drawer.width)
  })
})

describe('the contact drawer after a merge elsewhere', () => {
  it('follows a contact merged into another in another window to that one, rather than offering the gone one to edit', async () => {
    const other = (await crm.callCore('contacts.create', {
      displayName: 'Putri Office',
      emails: ['nadia+office@client.test']
    })) as { id: string }
    // Another window merges the contact this drawer shows into the other one.
    await crm.callCore('contacts.merge', { survivorId: other.id, mergedId: nadiaId })
    // The drawer follows it to the contact it was merged into, whose fields it then offers.
    await crm.drawer.locator('#contact-name').filter({ hasText: 'Putri Office' }).waitFor()
    expect(await crm.drawer.getByRole('alert').count()).toBe(0)
  })
})
