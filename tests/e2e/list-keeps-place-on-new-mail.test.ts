import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { appendMessages } from '../support/dovecot'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { seedMail, type SeedMail } from './fixtures/seed-mail'

// New mail arriving while the user reads deep in a long conversation list: the rows in view stay
// where they are (as in Gmail and Thunderbird) instead of all moving down a row, and the open
// conversation stays selected. At the very top the new mail shows above, as the newest.

const COUNT = 300
const ROW_HEIGHT = 84
const HOUR = 3_600_000
/**
 * Oldest first: one conversation each, "Topic 0000" the oldest, Message-ID <deep-N@example.test>.
 * The newest is 4 hours old, so each test's new mail (3, 2, 1 hours old) goes above all before it.
 */
const MAIL: SeedMail[] = Array.from({ length: COUNT }, (_, i) => ({
  from: `Sender ${i} <sender${i}@client${i}.test>`,
  subject: `Topic ${String(i).padStart(4, '0')}`,
  hoursAgo: COUNT - i + 3
}))

let mailbox: ConnectedMailbox
let page: Page

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: seedMail(MAIL, 'deep') })
  page = mailbox.page
  // Scrolled to the end until every page is loaded (the rows then carry the list's size), so
  // that any row can be scrolled to.
  await page.waitForFunction(
    (size) => {
      const el = document.querySelector('[data-testid="conversation-list"]')
      if (el) el.scrollTop = el.scrollHeight
      return document.querySelector(`[data-testid="conversation-row"][aria-setsize="${size}"]`) !== null
    },
    COUNT,
    { polling: 300, timeout: 120_000 }
  )
}, 180_000)

afterAll(async () => {
  await mailbox?.stop()
})

const list = () => page.getByTestId('conversation-list')

type Visible = { subject: string | null; offset: number }

/** The row at the list's top edge (partly scrolled out, maybe) and how far above that edge it starts. */
function firstVisible(): Promise<Visible> {
  return list().evaluate((el) => {
    const top = el.getBoundingClientRect().top
    const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="conversation-row"]')]
    const row = rows.find(
      (r) => r.getBoundingClientRect().top <= top && r.getBoundingClientRect().bottom > top
    )
    return {
      subject: row?.querySelector('.thread-row__subject-text')?.textContent ?? null,
      offset: row ? Math.round(row.getBoundingClientRect().top - top) : NaN
    }
  })
}

async function deliver(raw: Buffer): Promise<void> {
  const alice = mailbox.server.users[0]!
  await appendMessages(mailbox.server, alice.user, alice.password, 'INBOX', [raw])
}

/** Scrolls the list so that row `index` (0-based) starts 30px above its top, and waits for it. */
async function scrollToRow(index: number): Promise<void> {
  await list().evaluate((el, top) => (el.scrollTop = top), index * ROW_HEIGHT + 30)
  await page.locator(`[data-testid="conversation-row"][aria-posinset="${index + 1}"]`).waitFor()
}

describe('conversation list when new mail arrives', () => {
  it('keeps the rows in view, and the open conversation selected, when a new conversation arrives above them', async () => {
    await scrollToRow(150)
    const before = await firstVisible()
    expect(before).toEqual({ subject: MAIL[COUNT - 1 - 150]!.subject, offset: -30 })
    // Open a row in view: it is selected and shown.
    const opened = page.locator('[data-testid="conversation-row"][aria-posinset="153"]')
    const openedId = await opened.getAttribute('data-conversation-id')
    const openedSubject = (await opened.locator('.thread-row__subject-text').textContent())!
    await opened.click()
    await page.locator('#thread-subject', { hasText: openedSubject }).waitFor()

    await deliver(
      seedMail([{ from: 'Nadia <nadia@new.test>', subject: 'Fresh arrival', hoursAgo: 3 }], 'fresh')[0]!
    )
    // The list has it: the open row is one further down the list.
    await page
      .locator(`[data-testid="conversation-row"][data-conversation-id="${openedId}"][aria-posinset="154"]`)
      .waitFor({ timeout: 30_000 })

    expect(await firstVisible()).toEqual(before)
    expect(await list().getAttribute('aria-activedescendant')).toBe(`conversation-row-${openedId}`)
    expect(await page.locator('#thread-subject').textContent()).toBe(openedSubject)
  })

  it('keeps the rows in view when a reply moves a conversation from below them to the top', async () => {
    await scrollToRow(100)
    const before = await firstVisible()
    // The last row rendered below the view (the list renders a few past the fold).
    const rendered = page.locator('[data-testid="conversation-row"]')
    const positions = await rendered.evaluateAll((rows) =>
      rows.map((r) => Number(r.getAttribute('aria-posinset')))
    )
    const below = page.locator(`[data-testid="conversation-row"][aria-posinset="${Math.max(...positions)}"]`)
    const belowId = await below.getAttribute('data-conversation-id')
    const subject = (await below.locator('.thread-row__subject-text').textContent())!
    const seedIndex = MAIL.findIndex((m) => m.subject === subject)
    expect(seedIndex).toBeGreaterThanOrEqual(0)

    await deliver(replyTo(seedIndex, subject))
    // It left the rows rendered here for the top of the list.
    await page.locator(`[data-testid="conversation-row"][data-conversation-id="${belowId}"]`).waitFor({
      state: 'detached',
      timeout: 30_000
    })

    expect(await firstVisible()).toEqual(before)
  })

  it('keeps the rows in view when a reply moves the row partly out at the top to the top', async () => {
    await scrollToRow(60)
    const edge = page.locator('[data-testid="conversation-row"][aria-posinset="61"]')
    const edgeId = await edge.getAttribute('data-conversation-id')
    const subject = (await edge.locator('.thread-row__subject-text').textContent())!
    // The row below it, wholly in view, 54 px below the list's top edge.
    const next = (await page
      .locator('[data-testid="conversation-row"][aria-posinset="62"] .thread-row__subject-text')
      .textContent())!
    const seedIndex = MAIL.findIndex((m) => m.subject === subject)
    // Opened, as when the user reads it before the reply comes (clicked on its part in view).
    await edge.click({ position: { x: 20, y: 70 } })
    await page.locator('#thread-subject', { hasText: subject }).waitFor()
    await scrollToRow(60)

    await deliver(replyTo(seedIndex, subject))
    await page.locator(`[data-testid="conversation-row"][data-conversation-id="${edgeId}"]`).waitFor({
      state: 'detached',
      timeout: 30_000
    })

    // Not taken along to the top: the rows wholly in view stay put, and the one that was above
    // the leaving row takes its place at the edge.
    const below = await list().evaluate((el, subject) => {
      const row = [...el.querySelectorAll<HTMLElement>('[data-testid="conversation-row"]')].find(
        (r) => r.querySelector('.thread-row__subject-text')?.textContent === subject
      )
      return row ? Math.round(row.getBoundingClientRect().top - el.getBoundingClientRect().top) : null
    }, next)
    expect(below).toBe(ROW_HEIGHT - 30)
    expect((await firstVisible()).offset).toBe(-30)
  })

  it('keeps the rows in view when a reply moves the first row wholly in view to the top', async () => {
    await scrollToRow(40)
    const kept = page.locator('[data-testid="conversation-row"][aria-posinset="42"]')
    const keptId = await kept.getAttribute('data-conversation-id')
    const subject = (await kept.locator('.thread-row__subject-text').textContent())!
    // The row below it, 138 px below the list's top edge.
    const next = (await page
      .locator('[data-testid="conversation-row"][aria-posinset="43"] .thread-row__subject-text')
      .textContent())!
    const seedIndex = MAIL.findIndex((m) => m.subject === subject)

    await deliver(replyTo(seedIndex, subject))
    // Gone from its place for the top of the list.
    await page
      .locator(`[data-testid="conversation-row"][data-conversation-id="${keptId}"][aria-posinset="42"]`)
      .waitFor({ state: 'detached', timeout: 30_000 })

    // Not taken along to the top (the row the list kept in place is the one that moved): the
    // rows below it stay put.
    expect(await offsetOf(next)).toBe(2 * ROW_HEIGHT - 30)
  })

  it('does not pull the list back when the rows change while the user scrolls', async () => {
    await scrollToRow(30)
    // Offsets within one row where neither the first nor the last row in view changes for a while:
    // the virtualizer reports a scroll only when they change (or it starts or stops scrolling).
    const start = await list().evaluate((el, rowHeight) => {
      const base = 30 * rowHeight
      const room = (k: number) =>
        Math.min(rowHeight - k, rowHeight - ((base + k + el.clientHeight) % rowHeight))
      let best = 0
      for (let k = 0; k < rowHeight; k++) if (room(k) > room(best)) best = k
      el.scrollTop = base + best
      return { room: room(best) }
    }, ROW_HEIGHT)
    expect(start.room).toBeGreaterThan(40)
    // At rest there, as the virtualizer saw it.
    await page.waitForTimeout(400)
    const edgeId = (await page
      .locator(`[data-testid="conversation-row"][aria-posinset="31"]`)
      .getAttribute('data-conversation-id'))!
    const keptSubject = (await page
      .locator('[data-testid="conversation-row"][aria-posinset="33"] .thread-row__subject-text')
      .textContent())!

    // Scrolling down a pixel a frame, as a slow trackpad does, while the row at the top edge is
    // closed (its quick Close) and the list refreshes.
    const { seen, refreshedAt } = await list().evaluate(
      async (el, { steps, edgeId, keptSubject }) => {
        const offsetOfKept = () => {
          const row = [...el.querySelectorAll<HTMLElement>('[data-testid="conversation-row"]')].find(
            (r) => r.querySelector('.thread-row__subject-text')?.textContent === keptSubject
          )
          return row ? row.getBoundingClientRect().top - el.getBoundingClientRect().top : null
        }
        const edge = `[data-conversation-id="${edgeId}"]`
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
        const seen: Array<number | null> = [offsetOfKept()]
        let refreshedAt: number | null = null
        for (let i = 1; i <= steps && (refreshedAt === null || i < refreshedAt + 5); i++) {
          el.scrollTop += 1
          if (i === 2) el.querySelector<HTMLElement>(`${edge} [data-testid="quick-close"]`)!.click()
          await frame()
          seen.push(offsetOfKept())
          if (refreshedAt === null && el.querySelector(`${edge}[data-status="closed"]`)) refreshedAt = i
        }
        return { seen, refreshedAt }
      },
      { steps: start.room - 2, edgeId, keptSubject }
    )
    expect(refreshedAt).not.toBeNull()
    // Each frame the row moved up by the pixel scrolled, never back down.
    const backwards = seen.slice(1).filter((offset, i) => offset! > seen[i]! + 0.5)
    expect(backwards).toEqual([])
  })

  it('shows new mail above when the list is scrolled to the very top', async () => {
    await list().evaluate((el) => (el.scrollTop = 0))
    await page.locator('[data-testid="conversation-row"][aria-posinset="1"]').waitFor()

    await deliver(
      seedMail([{ from: 'Omar <omar@new.test>', subject: 'Newest at the top', hoursAgo: 1 }], 'top')[0]!
    )
    await page
      .locator('[data-testid="conversation-row"][aria-posinset="1"]', { hasText: 'Newest at the top' })
      .waitFor({ timeout: 30_000 })

    expect(await firstVisible()).toEqual({ subject: 'Newest at the top', offset: 0 })
  })
})

/** How far below the list's top edge the row with this subject starts; null when not rendered. */
function offsetOf(subject: string): Promise<number | null> {
  return list().evaluate((el, subject) => {
    const row = [...el.querySelectorAll<HTMLElement>('[data-testid="conversation-row"]')].find(
      (r) => r.querySelector('.thread-row__subject-text')?.textContent === subject
    )
    return row ? Math.round(row.getBoundingClientRect().top - el.getBoundingClientRect().top) : null
  }, subject)
}

/** The sender's reply in the conversation of seed message `index`, two hours old. */
function replyTo(index: number, subject: string): Buffer {
  const seed = MAIL[index]!
  return Buffer.from(
    [
      `From: ${seed.from}`,
      `To: Alice <${MAILBOX_ADDRESS}>`,
      `Subject: Re: ${subject}`,
      `Date: ${new Date(Date.now() - 2 * HOUR).toUTCString()}`,
      `Message-ID: <deep-reply-${index}@example.test>`,
      `In-Reply-To: <deep-${index}@example.test>`,
      `References: <deep-${index}@example.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Following up.',
      ''
    ].join('\r\n')
  )
}
