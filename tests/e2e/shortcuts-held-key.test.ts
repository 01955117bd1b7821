// A key held down sends keydown again and again (event.repeat). Under Open, e closed the selected
// conversation on each repeat, and the row that took its place was selected and closed in turn:
// holding e a moment too long closed conversation after conversation. Keys that change data act
// once per press; j and k, which only move the selection, keep walking the list as in Gmail.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { newestFirst, seedMail, type SeedMail } from './fixtures/seed-mail'
import type { CrmPage } from './pages/crm-page'

let mailbox: ConnectedMailbox
let page: Page
let crm: CrmPage

/** Oldest first: one conversation each. */
const MAIL: SeedMail[] = [
  { from: 'Nadia Putri <nadia@client.test>', subject: 'Quote for 200 chairs', hoursAgo: 72 },
  { from: 'Bob Tan <bob@shop.test>', subject: 'Invoice question', hoursAgo: 48 },
  { from: 'Carl Olsen <carl@shop.test>', subject: 'Order 4411', hoursAgo: 24 },
  { from: 'Dewi Lestari <dewi@client.test>', subject: 'Fabric samples', hoursAgo: 5 },
  { from: 'Li Wei <li.wei@factory.test>', subject: 'Factory visit', hoursAgo: 1 }
]
const NEWEST_FIRST = newestFirst(MAIL)

/** The commands the page sent the core, in the order it sent them (its socket keeps that order). */
const sent: Array<{ command: string; input: Record<string, unknown> }> = []

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: seedMail(MAIL, 'held-key'),
    prepare: (context) =>
      context.routeWebSocket(/\/rpc\b/, (ws) => {
        const server = ws.connectToServer()
        ws.onMessage((message) => {
          const frame = JSON.parse(String(message)) as { command?: string; input?: Record<string, unknown> }
          if (frame.command) sent.push({ command: frame.command, input: frame.input ?? {} })
          server.send(message)
        })
        server.onMessage((message) => ws.send(message))
      })
  })
  ;({ page, crm } = mailbox)
  await crm.waitForSubjects(NEWEST_FIRST)
}, 120_000)

afterAll(async () => {
  await mailbox?.stop()
})

const selectedSubject = () => crm.selectedSubject()

/** Whether a keydown the page sees is an auto-repeat, as the OS sends for a held key. */
const seenRepeats = () => page.evaluate(() => (window as unknown as { repeats: boolean[] }).repeats)

describe('a shortcut key held down', () => {
  it('closes one conversation with e, not the ones that take its place under Open', async () => {
    await page.evaluate(() => {
      const seen: boolean[] = []
      ;(window as unknown as { repeats: boolean[] }).repeats = seen
      window.addEventListener('keydown', (event) => seen.push(event.repeat), true)
    })
    await crm.setStatus('open')
    await crm.waitForSubjects(NEWEST_FIRST)
    await crm.open('Factory visit')
    const factoryId = (await crm.conversation('Factory visit')).id
    const from = sent.length
    // Pressed: the open conversation closes, and the next row takes its place, selected.
    await page.keyboard.down('e')
    await crm.waitForSubjects(NEWEST_FIRST.filter((s) => s !== 'Factory visit'))
    await expect.poll(selectedSubject).toBe('Fabric samples')
    // Still held: the auto-repeats (a second keydown of a key that is down repeats it).
    await page.keyboard.down('e')
    await page.keyboard.down('e')
    await page.keyboard.up('e')
    expect(await seenRepeats()).toEqual([false, true, true])
    // Asked for after the repeats, on the same socket: once it is sent, any close they made was too.
    await crm.setStatus('closed')
    await expect
      .poll(() =>
        sent.slice(from).some((c) => c.command === 'conversations.list' && c.input.status === 'closed')
      )
      .toBe(true)
    const closes = sent.slice(from).filter((c) => c.command === 'conversations.close')
    expect(closes.map((c) => c.input.conversationId)).toEqual([factoryId])
    await crm.waitForSubjects(['Factory visit'])
    expect((await crm.conversation('Fabric samples')) as unknown as { status: string }).toMatchObject({
      status: 'open'
    })
  })

  it('keeps moving the selection with j, one row a repeat', async () => {
    await crm.setStatus('all')
    await crm.waitForSubjects(NEWEST_FIRST)
    await crm.open('Factory visit')
    await page.keyboard.down('j')
    await page.keyboard.down('j')
    await page.keyboard.down('j')
    await page.keyboard.up('j')
    await expect.poll(selectedSubject).toBe('Invoice question')
  })

  // r, c and / move the keys into a field (the reply, a comment, search): the auto-repeats of the
  // key still held went there too, as typing ("rr" in the reply).
  it('does not type a held r, c or / into the field it took the keys to', async () => {
    await crm.open('Invoice question')
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLInputElement | null
        return { testId: active?.getAttribute('data-testid') ?? null, value: active?.value ?? null }
      })
    const hold = async (key: string) => {
      // From the page, as after a click on the conversation's text.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      await page.keyboard.down(key)
      await page.keyboard.down(key)
      await page.keyboard.down(key)
      await page.keyboard.up(key)
    }
    // The field takes focus a moment after the key (the comment box is drawn then): waited for.
    await hold('r')
    await expect.poll(focused).toEqual({ testId: 'reply-box', value: '' })
    await hold('c')
    await expect.poll(focused).toEqual({ testId: 'comment-box', value: '' })
    await hold('/')
    await expect.poll(focused).toEqual({ testId: 'global-search-input', value: '' })
    // Typed in the field, a key held is the user's: its repeats are typed.
    await page.keyboard.down('r')
    await page.keyboard.down('r')
    await page.keyboard.up('r')
    await expect.poll(focused).toEqual({ testId: 'global-search-input', value: 'rr' })
  })
})
