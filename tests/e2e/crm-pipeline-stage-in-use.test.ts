// A pipeline stage renamed or left out in Settings while a lead is on it. The lead used to stay
// on a stage the pipeline no longer had: listed last in its drawer, and once moved off it, never
// back. A line renamed in place now takes its leads along; leaving out a stage leads are on is
// refused where the pipeline is saved, saying what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [{ from: 'Bob Tan <bob@shop.test>', subject: 'Order 4411', hoursAgo: 2 }]

type Lead = { id: string; stage: string }

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'pipeline') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(['Order 4411'])
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

async function savePipeline(lines: string[]): Promise<void> {
  await page.getByTestId('settings-open').click()
  const stages = page.getByTestId('pipeline-stages')
  await expect.poll(() => stages.isEnabled()).toBe(true)
  await stages.fill(lines.join('\n'))
  await page.getByRole('button', { name: 'Save stages' }).click()
}

describe('the pipeline in Settings', () => {
  it('takes a lead along when its stage is renamed in place, and refuses to leave out a stage a lead is on', async () => {
    await crm.open('Order 4411')
    await crm.openContact()
    const form = crm.drawer.getByTestId('add-lead-form')
    await form.getByRole('textbox').fill('200 chairs')
    await form.getByRole('button').click()
    const lead = crm.drawer.getByTestId('lead')
    await lead.getByRole('combobox').selectOption('Proposal')
    await crm.drawer.locator('[data-testid="lead"][data-stage="Proposal"]').waitFor()

    // "Proposal" renamed in place: that line edited, the others as they were.
    await savePipeline(['New', 'Qualified', 'Quote sent', 'Won', 'Lost'])
    await page.locator('.settings-stages [role="status"]').waitFor()
    const [renamed] = (await crm.callCore('leads.list', {})) as Lead[]
    expect(renamed!.stage).toBe('Quote sent')
    await page.getByTestId('settings-close').click()
    // The open drawer follows: the lead shows its stage's new name.
    await crm.drawer.locator('[data-testid="lead"][data-stage="Quote sent"]').waitFor()

    // "Quote sent" left out while the lead is on it: refused at the pipeline, nothing saved.
    await savePipeline(['New', 'Qualified', 'Won', 'Lost'])
    await expect
      .poll(() => page.locator('.settings-section [role="alert"]').textContent())
      .toContain('Some leads are on a stage this pipeline leaves out')
    expect(await crm.callCore('leads.stages', {})).toEqual(['New', 'Qualified', 'Quote sent', 'Won', 'Lost'])
    const [kept] = (await crm.callCore('leads.list', {})) as Lead[]
    expect(kept!.stage).toBe('Quote sent')
  })
})
