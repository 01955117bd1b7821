// The pipeline's default stages in the Chinese UI. They showed in English (New, Qualified …) in the
// contact drawer and the timeline, being stored by those names. The stored names stay as they are,
// since teammates in other languages share the workspace: they are only shown translated, and a
// lead moved in Chinese is stored on the English name; Settings edits the stored names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail } from './fixtures/seed-mail'
import { preferLanguage } from './fixtures/ui-language'
import type { CrmPage } from './pages/crm-page'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const SUBJECT = '采购 500 把椅子'

type Lead = { title: string; stage: string }

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail([{ from: '李娜 <li.na@client.test>', subject: SUBJECT, hoursAgo: 1 }], 'zh-stages'),
    prepare: (context) => preferLanguage(context, 'zh-CN')
  })
  ;({ page, crm } = mailbox)
  await crm.row(SUBJECT).waitFor({ timeout: 60_000 })
  await crm.open(SUBJECT)
  await crm.openContact()
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const lead = (): Locator => crm.drawer.getByTestId('lead').filter({ hasText: '椅子' })
const stageSelect = (): Locator => lead().getByRole('combobox')
const shownStage = () => stageSelect().evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)
const storedStage = async () => ((await crm.callCore('leads.list', {})) as Lead[])[0]?.stage

describe('the default pipeline stages in Chinese', () => {
  it('shows a new lead on the first stage as 新建 in the drawer, every stage translated', async () => {
    const form = crm.drawer.getByTestId('add-lead-form')
    await form.getByRole('textbox').fill('椅子')
    await form.getByRole('button').click()
    await lead().waitFor()
    await expect.poll(shownStage).toBe('新建')
    expect(await stageSelect().locator('option').allTextContents()).toEqual([
      '新建',
      '已确认',
      '方案报价',
      '赢单',
      '输单'
    ])
    expect(await storedStage()).toBe('New')
  })

  it('moves the lead on the stored English name, and the timeline and activity say the move in Chinese', async () => {
    await stageSelect().selectOption({ label: '已确认' })
    await expect.poll(storedStage).toBe('Qualified')
    await expect.poll(shownStage).toBe('已确认')
    const sentence = '“椅子”从 新建 移到 已确认'
    const event = page.locator('[data-testid="timeline-event"][data-type="lead_stage_changed"]')
    await expect.poll(() => event.textContent()).toContain(sentence)
    const activity = crm.drawer.locator('[data-testid="activity-entry"][data-type="lead_stage_changed"]')
    await expect.poll(() => activity.textContent()).toContain(sentence)
  })

  it('keeps the stored names in the Settings pipeline, saying they are shown translated elsewhere', async () => {
    await page.getByTestId('settings-open').click()
    const stages = page.getByTestId('pipeline-stages')
    await expect.poll(() => stages.isEnabled()).toBe(true)
    expect(await stages.inputValue()).toBe('New\nQualified\nProposal\nWon\nLost')
    expect(await page.getByTestId('pipeline-stages-translated').textContent()).toContain('默认阶段')
  })
})
