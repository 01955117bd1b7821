// Chinese (and Japanese) is written without spaces: "@" follows a character or a comma at once
// ("好的，@王芳"), and the words go on right after the name ("@王芳请确认"). A member is offered
// and mentioned there as after a space in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CDPSession, Locator, Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail } from './fixtures/seed-mail'
import { preferLanguage } from './fixtures/ui-language'
import type { CrmPage } from './pages/crm-page'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage
let cdp: CDPSession

const SUBJECT = '合同续签'

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail([{ from: '李娜 <li.na@client.test>', subject: SUBJECT, hoursAgo: 1 }], 'zh-mentions'),
    prepare: (context) => preferLanguage(context, 'zh-CN')
  })
  ;({ page, crm } = mailbox)
  await crm.row(SUBJECT).waitFor({ timeout: 60_000 })
  await crm.callCore('members.add', { name: '王芳', email: 'wang.fang@team.test', role: 'manager' })
  cdp = await page.context().newCDPSession(page)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

/** Characters as an input method commits them at the caret. */
const commit = (text: string) => cdp.send('Input.insertText', { text })

async function openCommentBox(): Promise<Locator> {
  await crm.open(SUBJECT)
  await page.getByTestId('tab-comment').click()
  const box = page.getByTestId('comment-box')
  await box.waitFor()
  await box.fill('')
  return box
}

/** The emails of the members the comment with this text mentions, as the core stored it. */
async function mentionedIn(text: string): Promise<string[]> {
  await page.getByTestId('timeline-comment').filter({ hasText: text }).waitFor()
  const members = (await crm.callCore('members.list', {})) as Array<{ id: string; email: string }>
  const conversation = await crm.conversation(SUBJECT)
  const timeline = (await crm.callCore('conversations.timeline', {
    conversationId: conversation.id
  })) as Array<{ kind: string; body?: string; mentions?: string[] }>
  const comment = timeline.find((e) => e.kind === 'comment' && e.body === text)!
  return comment.mentions!.map((id) => members.find((m) => m.id === id)!.email)
}

describe('mentions in Chinese text', () => {
  it('offers the members for an "@" typed right after a Chinese comma', async () => {
    const box = await openCommentBox()
    await commit('好的，')
    await box.pressSequentially('@')
    await commit('王')
    const option = page.getByTestId('mention-option').filter({ hasText: 'wang.fang@team.test' })
    await option.waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => box.inputValue()).toBe('好的，@王芳 ')
    await commit('请确认')
    await page.getByTestId('send-comment').click()
    expect(await mentionedIn('好的，@王芳 请确认')).toEqual(['wang.fang@team.test'])
  })

  it('mentions a picked member whose name the words follow without a space', async () => {
    const box = await openCommentBox()
    await box.pressSequentially('@')
    await commit('王')
    await page.getByTestId('mention-option').filter({ hasText: 'wang.fang@team.test' }).click()
    await expect.poll(() => box.inputValue()).toBe('@王芳 ')
    await box.press('End')
    await box.press('Backspace')
    await commit('请看一下报价')
    await page.getByTestId('send-comment').click()
    expect(await mentionedIn('@王芳请看一下报价')).toEqual(['wang.fang@team.test'])
  })
})
