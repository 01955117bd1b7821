// A lead a sales rep adds in the contact drawer beside a conversation. It used to be thin: linked
// to the contact only, its value stuck at 0, no way to delete it, and nothing in the timeline
// when it was made or moved. Now it belongs to the conversation too, its value is edited in place
// (numbers only), Delete offers Undo, and the conversation and the contact say what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [
  { from: 'Siti Rahma <siti@other.test>', subject: 'Catalogue request', hoursAgo: 3 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Order 4411', hoursAgo: 2 }
]

type Lead = { id: string; title: string; value: number; contactIds: string[]; conversationIds: string[] }

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'leads-by-hand') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(['Order 4411', 'Catalogue request'])
  await crm.open('Order 4411')
  await crm.openContact()
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const lead = (title: string): Locator => crm.drawer.getByTestId('lead').filter({ hasText: title })
const leads = async () => (await crm.callCore('leads.list', {})) as Lead[]
const leadNamed = async (title: string) => (await leads()).find((l) => l.title === title)

async function addLead(title: string): Promise<void> {
  const form = crm.drawer.getByTestId('add-lead-form')
  await form.getByRole('textbox').fill(title)
  await form.getByRole('button').click()
  await lead(title).waitFor()
}

describe('a lead added in the contact drawer', () => {
  it('belongs to the conversation open beside the drawer, whose timeline says it was made', async () => {
    await addLead('200 chairs')
    const order = await crm.conversation('Order 4411')
    const made = await leadNamed('200 chairs')
    expect(made!.conversationIds).toEqual([order.id])
    expect(
      ((await crm.callCore('leads.list', { conversationId: order.id })) as Lead[]).map((l) => l.title)
    ).toEqual(['200 chairs'])
    const event = page.locator('[data-testid="timeline-event"][data-type="lead_created"]')
    await expect.poll(() => event.textContent()).toContain('created the lead “200 chairs”')
    const activity = crm.drawer.locator('[data-testid="activity-entry"][data-type="lead_created"]')
    await expect.poll(() => activity.textContent()).toContain('created the lead “200 chairs”')
  })

  it('takes a value, shown as a number of the locale, and refuses what is not a number', async () => {
    const row = lead('200 chairs')
    await row.locator('button.inline-field__value', { hasText: /^0$/ }).click()
    const input = row.getByRole('textbox', { name: 'Value' })
    await input.fill('12500.5')
    await input.press('Enter')
    await row.locator('button.inline-field__value', { hasText: '12,500.5' }).waitFor()
    expect((await leadNamed('200 chairs'))!.value).toBe(12500.5)

    await row.locator('button.inline-field__value').click()
    await input.press('ControlOrMeta+a')
    await page.keyboard.type('1e')
    await input.press('Enter')
    await row.getByRole('alert').waitFor()
    expect((await leadNamed('200 chairs'))!.value).toBe(12500.5)
    await input.press('Escape')
    await row.locator('button.inline-field__value', { hasText: '12,500.5' }).waitFor()
  })

  it('says in the conversation’s timeline which stage it was moved to', async () => {
    const stages = await lead('200 chairs').locator('select option').allTextContents()
    await lead('200 chairs').locator('select').selectOption(stages[1]!)
    const event = page.locator('[data-testid="timeline-event"][data-type="lead_stage_changed"]')
    await expect
      .poll(() => event.textContent())
      .toContain(`moved the lead “200 chairs” from ${stages[0]} to ${stages[1]}`)
  })

  it('is deleted from its row, and Undo brings it back as it was', async () => {
    const before = await leadNamed('200 chairs')
    await lead('200 chairs').getByRole('button', { name: 'Delete lead 200 chairs' }).click()
    await lead('200 chairs').waitFor({ state: 'detached' })
    expect(await leadNamed('200 chairs')).toBeUndefined()
    const undo = crm.drawer.getByTestId('lead-undo')
    expect(await undo.textContent()).toContain('Lead “200 chairs” deleted.')
    await crm.drawer.getByTestId('lead-undo-button').click()
    await lead('200 chairs').waitFor()
    await undo.waitFor({ state: 'detached' })
    expect(await leadNamed('200 chairs')).toEqual(before)
    // The conversation's timeline and the contact's activity say both.
    const said = [
      ['lead_deleted', 'deleted the lead “200 chairs”'],
      ['lead_restored', 'restored the lead “200 chairs”']
    ] as const
    for (const [type, sentence] of said) {
      const event = page.locator(`[data-testid="timeline-event"][data-type="${type}"]`)
      await expect.poll(() => event.textContent()).toContain(sentence)
      const activity = crm.drawer.locator(`[data-testid="activity-entry"][data-type="${type}"]`)
      await expect.poll(() => activity.textContent()).toContain(sentence)
    }
  })

  it('is not linked to another contact’s conversation the drawer stays open beside', async () => {
    // The drawer still shows Bob while Siti's conversation is open.
    await crm.open('Catalogue request')
    expect(await crm.drawer.locator('#contact-name').textContent()).toBe('Bob Tan')
    await addLead('Spare parts')
    expect((await leadNamed('Spare parts'))!.conversationIds).toEqual([])
  })
})
