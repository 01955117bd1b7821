// Names are listed in the order of the user's language, not by code point: members, teams and
// custom inboxes in pinyin order in the Chinese UI (安娜, 白雪, 陈明, 王芳, 张伟), and "archive"
// next to "Archive clients" in English. A Chinese contact's name is family name first: 陈静 is
// 姓 陈 and 名 静, and the Chinese drawer asks for 姓 before 名.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { seedMail } from './fixtures/seed-mail'
import { preferLanguage } from './fixtures/ui-language'

const encoded = (name: string) => `=?UTF-8?B?${Buffer.from(name).toString('base64')}?=`

/** The names shown in the sidebar for custom or team inboxes, top to bottom. */
const sidebarNames = (page: Page, kind: 'custom' | 'team') =>
  page.locator(`[data-testid="inbox-item"][data-kind="${kind}"] .inbox-nav__name`).allTextContents()

/** Settings' member names, top to bottom, without the user's own (always first). */
async function settingsMemberNames(page: Page): Promise<string[]> {
  const names = await page.locator('[data-testid="member-row"] td:first-child').allTextContents()
  return names.slice(1)
}

async function addCustomInboxes(crm: CrmPage, names: string[]): Promise<void> {
  for (const name of names) await crm.callCore('inboxes.createCustom', { name, filter: { status: 'open' } })
}

describe('in the Chinese UI', () => {
  let mailbox: ConnectedMailbox
  let page: Page
  let crm: CrmPage

  beforeAll(async () => {
    mailbox = await connectMailbox({
      mail: seedMail(
        [{ from: `${encoded('陈静')} <chen.jing@client.test>`, subject: '报价单', hoursAgo: 1 }],
        'zh-names'
      ),
      prepare: (context) => preferLanguage(context, 'zh-CN')
    })
    ;({ page, crm } = mailbox)
    await crm.waitForSubjects(['报价单'])
  }, 120_000)

  afterAll(async () => {
    await mailbox?.stop()
  })

  it('lists members, teams and custom inboxes in pinyin order', async () => {
    for (const [index, name] of ['安娜', '张伟', '王芳', '白雪', '陈明'].entries())
      await crm.callCore('members.add', { name, email: `m${index}@team.test`, role: 'manager' })
    for (const name of ['张组', '白组']) await crm.callCore('teams.add', { name })
    await addCustomInboxes(crm, ['VIP', 'archive', '上海客户', '北京客户'])

    await expect.poll(() => sidebarNames(page, 'team')).toEqual(['白组', '张组'])
    await expect.poll(() => sidebarNames(page, 'custom')).toEqual(['北京客户', '上海客户', 'archive', 'VIP'])

    await page.getByTestId('settings-open').click()
    await expect.poll(() => settingsMemberNames(page)).toEqual(['安娜', '白雪', '陈明', '王芳', '张伟'])
    await page.getByTestId('settings-close').click()

    // The contact owner select, as the @mention list and the assign menu, takes the same order.
    await crm.open('报价单')
    await crm.openContact()
    const owners = crm.drawer.locator('#contact-owner option')
    await expect
      .poll(async () => (await owners.allTextContents()).slice(2))
      .toEqual(['安娜', '白雪', '陈明', '王芳', '张伟'])
    await crm.drawer.getByTestId('contact-close').click()
  })

  it('splits 陈静 into 姓 陈 and 名 静, and shows 姓 first', async () => {
    await crm.open('报价单')
    await crm.openContact()
    const lastName = crm.drawer.getByTestId('field-lastName')
    const firstName = crm.drawer.getByTestId('field-firstName')
    await lastName.locator('button.inline-field__value', { hasText: /^陈$/ }).waitFor()
    await firstName.locator('button.inline-field__value', { hasText: /^静$/ }).waitFor()
    const fields = await crm.drawer
      .locator('[data-testid^="field-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')))
    expect(fields.slice(0, 2)).toEqual(['field-lastName', 'field-firstName'])

    // Correcting the given name renames the contact family name first.
    await firstName.getByRole('button').click()
    await firstName.getByRole('textbox').fill('晶')
    await firstName.getByRole('textbox').press('Enter')
    await crm.drawer.locator('#contact-name', { hasText: /^陈晶$/ }).waitFor()
    await crm.drawer.getByTestId('contact-close').click()
  })
})

describe('in the English UI', () => {
  let mailbox: ConnectedMailbox

  beforeAll(async () => {
    mailbox = await connectMailbox({
      mail: seedMail([{ from: 'Bob Tan <bob@shop.test>', subject: 'Order 4411', hoursAgo: 1 }], 'en-names'),
      prepare: (context) => preferLanguage(context, 'en-US')
    })
    await mailbox.crm.waitForSubjects(['Order 4411'])
  }, 120_000)

  afterAll(async () => {
    await mailbox?.stop()
  })

  it('lists custom inboxes alphabetically whatever their case, and members too', async () => {
    const { page, crm } = mailbox
    await addCustomInboxes(crm, ['VIP', 'archive', 'Archive clients', 'billing'])
    for (const [index, name] of ['Zoe', 'adi', 'Budi'].entries())
      await crm.callCore('members.add', { name, email: `e${index}@team.test`, role: 'manager' })
    await expect
      .poll(() => sidebarNames(page, 'custom'))
      .toEqual(['archive', 'Archive clients', 'billing', 'VIP'])
    await page.getByTestId('settings-open').click()
    await expect.poll(() => settingsMemberNames(page)).toEqual(['adi', 'Budi', 'Zoe'])
    await page.getByTestId('settings-close').click()
  })
})
