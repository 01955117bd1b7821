// Keys typed while an input method composes (Chinese, Japanese, Korean) belong to the input
// method: Enter commits the characters, Escape cancels them, the arrows walk the candidates.
// Every text field with keys of its own leaves them alone then, and so do the dialogs and the
// drawer around it (Escape closes those otherwise). A real composition, as an IME starts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CDPSession, Locator, Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail, type SeedMail } from './fixtures/seed-mail'
import type { CrmPage } from './pages/crm-page'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage
let cdp: CDPSession

const MAIL: SeedMail[] = [
  { from: 'Taro Yamada <taro@client.test>', subject: '日本の椅子 日本 日本', hoursAgo: 2 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'ime-keys') })
  ;({ page, crm } = mailbox)
  await crm.row('Factory visit').waitFor({ timeout: 60_000 })
  await crm.callCore('members.add', { name: '王芳', email: 'wang.fang@team.test', role: 'manager' })
  cdp = await page.context().newCDPSession(page)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

/** Starts composing `text` at the caret of the focused field, and waits until the field shows it. */
async function compose(field: Locator, text: string): Promise<void> {
  const before = await field.inputValue()
  await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length })
  await expect.poll(() => field.inputValue()).toBe(before + text)
}
const commit = (text: string) => cdp.send('Input.insertText', { text })

async function openCommentBox(subject: string): Promise<Locator> {
  await crm.open(subject)
  await page.getByTestId('tab-comment').click()
  const box = page.getByTestId('comment-box')
  await box.waitFor()
  // Whatever an earlier test left in the box (its draft is kept per conversation) goes.
  await box.fill('')
  return box
}

/** Opens Factory visit's contact and starts editing one of its fields. */
async function editContactField(testId: string): Promise<{ field: Locator; input: Locator }> {
  await crm.open('Factory visit')
  await crm.openContact()
  const field = crm.drawer.getByTestId(testId)
  await field.getByRole('button').click()
  const input = field.locator('input')
  await input.waitFor()
  return { field, input }
}

describe('keys an input method composes with', () => {
  it('in the comment box: Enter commits the name typed after "@", it does not pick a member', async () => {
    const box = await openCommentBox('Factory visit')
    await box.pressSequentially('@')
    await compose(box, '王')
    await page.getByTestId('mention-option').filter({ hasText: 'wang.fang@team.test' }).waitFor()
    await page.keyboard.press('Enter')
    // (A key sent by the test, not held by a real input method, also makes Chromium add a line:
    // what counts is that no member was picked.)
    expect(await box.inputValue()).not.toContain('王芳')
    // The list left open would cover the tab the next test clicks.
    await box.fill('')
  })

  it('in the comment box: Escape cancels the characters, the suggestions stay', async () => {
    const box = await openCommentBox('Factory visit')
    await box.pressSequentially('@')
    await compose(box, '王')
    const option = page.getByTestId('mention-option').filter({ hasText: 'wang.fang@team.test' })
    await option.waitFor()
    await page.keyboard.press('Escape')
    await commit('王')
    await expect.poll(() => box.inputValue()).toBe('@王')
    expect(await option.count()).toBe(1)
    await box.fill('')
  })

  it('in the comment box: Ctrl+Enter does not send the half-typed comment', async () => {
    const box = await openCommentBox('Factory visit')
    await box.pressSequentially('see ')
    await compose(box, 'にほん')
    await page.keyboard.press('Control+Enter')
    await commit('日本')
    await expect.poll(() => box.inputValue()).toBe('see 日本')
    await page.getByTestId('send-comment').click()
    await page.getByTestId('timeline-comment').filter({ hasText: 'see 日本' }).waitFor()
    const conversation = await crm.conversation('Factory visit')
    const timeline = (await crm.callCore('conversations.timeline', {
      conversationId: conversation.id
    })) as Array<{ kind: string; body?: string }>
    expect(timeline.filter((e) => e.kind === 'comment').map((e) => e.body)).toEqual(['see 日本'])
  })

  it('in the reply box: Ctrl+Enter does not send the half-typed reply', async () => {
    await crm.open('Factory visit')
    await page.getByTestId('tab-reply').click()
    const reply = page.getByTestId('reply-box')
    await reply.fill('see ')
    await compose(reply, 'にほん')
    await page.keyboard.press('Control+Enter')
    await commit('日本')
    // Not sent: the reply is still there, whole, to be sent when it is finished.
    await expect.poll(() => reply.inputValue()).toBe('see 日本')
    expect(await reply.isEnabled()).toBe(true)
    expect(await crm.callCore('outbox.list', {})).toEqual([])
    await reply.fill('')
  })

  it('in find-in-conversation: Enter commits the words, it does not step to the next match', async () => {
    await crm.open('日本の椅子 日本 日本')
    const find = page.getByTestId('thread-find-input')
    const counter = page.getByTestId('thread-find-counter')
    await find.click()
    await compose(find, '日本')
    await expect.poll(() => counter.textContent()).toMatch(/^1 of [2-9]/)
    await page.keyboard.press('Enter')
    await commit('日本')
    await expect.poll(() => find.inputValue()).toBe('日本')
    expect(await counter.textContent()).toMatch(/^1 of /)
  })

  it('in a contact field: Escape cancels the characters, the drawer stays open', async () => {
    const { input } = await editContactField('field-company')
    await compose(input, '山田')
    await page.keyboard.press('Escape')
    expect(await crm.drawer.count()).toBe(1)
    expect(await input.count()).toBe(1)
    await commit('山田')
    await expect.poll(() => input.inputValue()).toBe('山田')
    // The next Escape, with nothing composed, is the field's: it cancels the edit.
    await page.keyboard.press('Escape')
    await input.waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await crm.drawer.waitFor({ state: 'detached' })
  })

  it('in a contact field: Enter commits the characters, the field stays in editing', async () => {
    const { field, input } = await editContactField('field-country')
    await compose(input, '日本')
    await page.keyboard.press('Enter')
    // Still editing, the focus in the field, to type on.
    expect(await input.count()).toBe(1)
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT')
    await commit('日本')
    await page.keyboard.type(' Osaka')
    await page.keyboard.press('Enter')
    await field.locator('button', { hasText: '日本 Osaka' }).waitFor()
    expect(await input.count()).toBe(0)
    await page.keyboard.press('Escape')
    await crm.drawer.waitFor({ state: 'detached' })
  })

  it('in the new message: Escape cancels the characters, the message stays open', async () => {
    await page.getByTestId('new-message').click()
    const subject = page.getByTestId('composer-subject')
    await subject.click()
    await compose(subject, 'にほん')
    await page.keyboard.press('Escape')
    expect(await subject.count()).toBe(1)
    await commit('日本')
    await expect.poll(() => subject.inputValue()).toBe('日本')
    await page.keyboard.press('Escape')
    await subject.waitFor({ state: 'detached' })
  })

  it('in the settings: Escape cancels the characters, the settings stay open', async () => {
    await page.getByTestId('settings-open').click()
    const stages = page.getByTestId('pipeline-stages')
    await stages.click()
    await stages.press('Control+End')
    const before = await stages.inputValue()
    await compose(stages, '商談')
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('settings').count()).toBe(1)
    await commit('商談')
    await expect.poll(() => stages.inputValue()).toBe(before + '商談')
    await page.keyboard.press('Escape')
    await page.getByTestId('settings').waitFor({ state: 'detached' })
  })
})
