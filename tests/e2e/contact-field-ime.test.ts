// A contact field being typed with an input method (Japanese: Enter confirms the conversion):
// the Enter that confirms the characters is the input method's, not the field's save.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail, type SeedMail } from './fixtures/seed-mail'
import type { CrmPage } from './pages/crm-page'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

const MAIL: SeedMail[] = [{ from: 'Taro Yamada <taro@client.test>', subject: 'Quote please', hoursAgo: 2 }]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'field-ime') })
  ;({ page, crm } = mailbox)
  await crm.row('Quote please').waitFor({ timeout: 60_000 })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

describe('a contact field typed with an input method', () => {
  it('stays in editing when Enter confirms the composed characters', async () => {
    await crm.open('Quote please')
    await crm.openContact()
    const field = crm.drawer.getByTestId('field-company')
    await field.getByRole('button').click()
    const input = field.locator('input')
    await input.waitFor()
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Input.imeSetComposition', { text: '山田', selectionStart: 2, selectionEnd: 2 })
    await expect.poll(() => input.inputValue()).toBe('山田')
    await page.keyboard.press('Enter')
    // Still editing, the focus in the field, to type on.
    expect(await input.count()).toBe(1)
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT')
    await cdp.send('Input.insertText', { text: '山田' })
    await page.keyboard.type(' Trading')
    await page.keyboard.press('Enter')
    await field.locator('button', { hasText: '山田 Trading' }).waitFor()
    expect(await input.count()).toBe(0)
  })
})
