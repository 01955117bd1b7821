import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import type { CrmPage } from './pages/crm-page'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'

// @-mentions in internal comments: which members a sent comment mentions, and how the
// suggestion list is found and dismissed.

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

/** Oldest first: one conversation each. */
const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 72 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice question', hoursAgo: 48 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]
const NEWEST_FIRST = newestFirst(MAIL)

type Member = { id: string; name: string; email: string }
type Entry = { kind: string; body?: string; mentions?: string[] }

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'crm-mentions') })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(NEWEST_FIRST)
  for (const member of [
    { name: 'Dewi', email: 'dewi@team.test' },
    { name: 'Dewi Lestari', email: 'dewi.l@team.test' },
    { name: 'Rina', email: 'rina.a@team.test' },
    { name: 'Rina', email: 'rina.b@team.test' },
    { name: 'José Núñez', email: 'jn@team.test' }
  ])
    await crm.callCore('members.add', { ...member, role: 'manager' })
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

async function openCommentBox(subject: string) {
  await crm.open(subject)
  await page.getByTestId('tab-comment').click()
  const box = page.getByTestId('comment-box')
  await box.waitFor()
  return box
}

async function pick(email: string) {
  await page.getByTestId('mention-option').filter({ hasText: email }).click()
  // Picking puts the caret after the name in the next animation frame; type after that.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
}

/** The emails of the members the comment with this text mentions, as the core stored it. */
async function mentionedIn(subject: string, text: string): Promise<string[]> {
  await page.getByTestId('timeline-comment').filter({ hasText: text }).waitFor()
  const members = (await crm.callCore('members.list', {})) as Member[]
  const conversation = await crm.conversation(subject)
  const timeline = (await crm.callCore('conversations.timeline', {
    conversationId: conversation.id
  })) as Entry[]
  const comment = timeline.find((e) => e.kind === 'comment' && e.body?.includes(text))!
  return comment.mentions!.map((id) => members.find((m) => m.id === id)!.email).sort()
}

describe('mentions in internal comments', () => {
  it('does not mention a picked name that was deleted, when another picked name starts with it', async () => {
    const box = await openCommentBox('Factory visit')
    await box.pressSequentially('@Dew')
    await pick('dewi@team.test')
    expect(await box.inputValue()).toBe('@Dewi ')
    await box.fill('')
    await box.pressSequentially('@Lest')
    await pick('dewi.l@team.test')
    await box.pressSequentially('please call')
    expect(await box.inputValue()).toBe('@Dewi Lestari please call')
    await page.getByTestId('send-comment').click()
    expect(await mentionedIn('Factory visit', 'please call')).toEqual(['dewi.l@team.test'])
  })

  it('tells two members with the same name apart by their email', async () => {
    const box = await openCommentBox('Invoice question')
    await box.pressSequentially('@Rin')
    await pick('rina.b@team.test')
    expect(await box.inputValue()).toBe('@rina.b@team.test ')
    await box.pressSequentially('can you check?')
    await page.getByTestId('send-comment').click()
    expect(await mentionedIn('Invoice question', 'can you check?')).toEqual(['rina.b@team.test'])
  })

  it('dismisses the suggestions with Escape, leaving the contact drawer open and Enter a newline', async () => {
    const box = await openCommentBox('Quote for 200 chairs')
    await crm.openContact()
    await box.focus()
    await box.pressSequentially('see @Dew')
    const options = page.getByTestId('mention-option')
    await options.first().waitFor()
    await page.keyboard.press('Escape')
    await options.first().waitFor({ state: 'detached' })
    expect(await crm.drawer.count()).toBe(1)
    await page.keyboard.press('Enter')
    expect(await box.inputValue()).toBe('see @Dew\n')
    // A new "@" offers again.
    await box.pressSequentially('@Dew')
    await options.first().waitFor()
    await box.fill('')
    await crm.drawer.getByTestId('contact-close').click()
  })

  it('offers José Núñez for @jose, typed without accents', async () => {
    const box = await openCommentBox('Factory visit')
    await box.pressSequentially('@jose')
    await pick('jn@team.test')
    expect(await box.inputValue()).toBe('@José Núñez ')
    await box.fill('')
  })

  it('lists an agent who cannot see the conversation without offering them, names them when typed, and offers them once assigned', async () => {
    const sari = (await crm.callCore('members.add', {
      name: 'Sari Wulan',
      email: 'sari@team.test',
      role: 'agent',
      visibility: 'own'
    })) as Member
    const box = await openCommentBox('Quote for 200 chairs')
    await box.pressSequentially('@Sar')
    const option = page.getByTestId('mention-option').filter({ hasText: 'sari@team.test' })
    expect(await option.getAttribute('aria-disabled')).toBe('true')
    expect(await option.getByTestId('mention-cannot-see').textContent()).toBe('can’t see this conversation')
    // A real click (Playwright would refuse an aria-disabled target): nothing is picked.
    await option.click({ force: true })
    expect(await box.inputValue()).toBe('@Sar')
    // Enter on her is a newline, as without the list, not a key that does nothing.
    await page.keyboard.press('Enter')
    expect(await box.inputValue()).toBe('@Sar\n')

    // Typed as an address, the core refuses the mention, and the error says whom it is about.
    await box.fill('@sari@team.test please look at the discount')
    await page.getByTestId('send-comment').click()
    const alert = page.getByRole('alert').filter({ hasText: 'Sari Wulan' })
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(
      /^Sari Wulan can’t see this conversation, so the mention would not reach them\./
    )

    // Assigned to her, she may be mentioned.
    const conversation = await crm.conversation('Quote for 200 chairs')
    await crm.callCore('conversations.assign', { conversationId: conversation.id, memberId: sari.id })
    await box.fill('')
    await box.pressSequentially('@Sar')
    await option.and(page.locator(':not([aria-disabled="true"])')).waitFor()
    await pick('sari@team.test')
    await box.pressSequentially('please look')
    await page.getByTestId('send-comment').click()
    expect(await mentionedIn('Quote for 200 chairs', 'please look')).toEqual(['sari@team.test'])
  })
})
