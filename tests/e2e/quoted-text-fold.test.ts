// A reply carries the earlier conversation below itself; the reading pane folds it behind "Show
// quoted text", as Gmail and Thunderbird do. Each mail here is one a real client sends, delivered
// to Dovecot and shown by the app in Chromium.
import type { Frame, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientMail } from './fixtures/client-mail'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { SearchPage } from './pages/search-page'

const OLD_PARAGRAPHS = Array.from(
  { length: 12 },
  (_, i) => `<p>Earlier point ${i + 1} about the chairs.</p>`
).join('')

const textReply = clientMail(
  'text-reply',
  'Chairs in plain text',
  'text/plain; charset=utf-8',
  [
    'Friday works for me.',
    '',
    'On Mon, 2 Nov 2026 at 08:00, Alice <alice@example.test> wrote:',
    '> Can we deliver the walnut chairs on Friday?',
    '> Alice'
  ].join('\r\n')
)

const gmailReply = clientMail(
  'gmail-reply',
  'Chairs from Gmail',
  'text/html; charset=utf-8',
  '<div dir="ltr"><p id="answer">Sounds good to me.</p></div><br>' +
    '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 2 Nov 2026 at 08:00, Alice wrote:<br></div>' +
    `<blockquote class="gmail_quote" id="old">${OLD_PARAGRAPHS}<p>Mahogany samples</p></blockquote></div>`
)

const outlookReply = clientMail(
  'outlook-reply',
  'Chairs from Outlook',
  'text/html; charset=utf-8',
  '<div id="answer">Confirmed.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%">' +
    '<div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Alice<br><b>Sent:</b> Monday, 2 November 2026 08:00</div>' +
    '<div id="old">The earlier request.</div>'
)

const inlineReply = clientMail(
  'inline-reply',
  'Chairs answered inline',
  'text/html; charset=utf-8',
  '<div class="moz-cite-prefix">On 02/11/2026 08:00, Alice wrote:</div>' +
    '<blockquote type="cite" id="question">How many chairs?</blockquote><div id="answer">Forty.</div>' +
    '<blockquote type="cite" id="old">Thanks, Alice</blockquote>'
)

const forward = clientMail(
  'forward',
  'Fwd: Chairs',
  'text/html; charset=utf-8',
  '<div dir="ltr"><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
    '---------- Forwarded message ---------<br>From: Dewi &lt;dewi@shop.test&gt;<br></div>' +
    '<p id="old">The forwarded catalogue.</p></div></div>'
)

// Outlook heads a forward with the same From:/Sent: block as a reply's quote: only "FW:" tells.
const outlookForward = clientMail(
  'outlook-forward',
  'FW: Chairs catalogue',
  'text/html; charset=utf-8',
  '<div id="note">Carlos, the catalogue below.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%">' +
    '<div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Dewi<br><b>Sent:</b> Monday, 2 November 2026 08:00</div>' +
    '<div id="old">The forwarded catalogue from Outlook.</div>'
)

const outlookTextForward = clientMail(
  'outlook-text-forward',
  'WG: Chairs price list',
  'text/plain; charset=utf-8',
  [
    'Carlos, the price list below.',
    '',
    '________________________________',
    'From: Dewi <dewi@shop.test>',
    'Sent: Monday, 2 November 2026 08:00',
    'To: Alice',
    'Subject: Chairs price list',
    '',
    'Walnut chairs, 120 EUR each.'
  ].join('\r\n')
)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [textReply, gmailReply, outlookReply, inlineReply, forward, outlookForward, outlookTextForward]
  })
  await mailbox.app.threadRow('Chairs from Gmail').waitFor()
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

const toggle = (): Locator => mailbox.app.threadView.getByTestId('quote-toggle')

/** The loaded frame of the open message whose document has this text (a new frame per document). */
async function frameWith(text: string): Promise<Frame> {
  const element = await mailbox.app.threadView.locator(`iframe[srcdoc*="${text}"]`).elementHandle()
  const frame = await element!.contentFrame()
  await frame!.waitForLoadState()
  return frame!
}

async function frameHeight(): Promise<number> {
  const box = await mailbox.app.threadView.locator('.mail-frame').boundingBox()
  return box!.height
}

describe('quoted text in the reading pane', () => {
  it('folds the quote of a text reply until "Show quoted text", by mouse or keyboard', async () => {
    await mailbox.app.openConversation('Chairs in plain text')
    const body = mailbox.app.threadView.locator('.text-body')
    await body.filter({ hasText: 'Friday works for me.' }).waitFor()
    expect(await body.textContent()).not.toContain('walnut')
    expect(await toggle().getAttribute('aria-expanded')).toBe('false')
    await toggle().click()
    await body.filter({ hasText: 'walnut chairs' }).waitFor()
    expect(await toggle().getAttribute('aria-expanded')).toBe('true')
    await toggle().press('Enter')
    await expect.poll(() => body.textContent()).not.toContain('walnut')
    await toggle().press('Space')
    await body.filter({ hasText: 'walnut chairs' }).waitFor()
    await toggle().press('Enter')
    await expect.poll(() => body.textContent()).not.toContain('walnut')
  })

  it('opens the quote of a text reply when find matches in it', async () => {
    await mailbox.app.openConversation('Chairs in plain text')
    const body = mailbox.app.threadView.locator('.text-body')
    await body.filter({ hasText: 'Friday works for me.' }).waitFor()
    expect(await body.textContent()).not.toContain('walnut')
    const search = new SearchPage(mailbox.page)
    await search.findInput.fill('walnut')
    await search.counterIs('1 of 1')
    expect(await search.marks(body)).toEqual(['walnut'])
    expect(await toggle().getAttribute('aria-expanded')).toBe('true')
    await search.findInput.fill('')
  })

  it("hides Gmail's quote in the frame, and shows it in a taller frame on the toggle", async () => {
    await mailbox.app.openConversation('Chairs from Gmail')
    let frame = await frameWith('Sounds good')
    expect(await frame.locator('#answer').isVisible()).toBe(true)
    expect(await frame.locator('#old').isVisible()).toBe(false)
    const foldedHeight = await frameHeight()
    await toggle().click()
    frame = await frameWith('Sounds good')
    await frame.locator('#old').waitFor({ state: 'visible' })
    expect(await frameHeight()).toBeGreaterThan(foldedHeight + 100)
    expect(await toggle().getAttribute('aria-expanded')).toBe('true')
  })

  it('opens the HTML quote when find matches in it', async () => {
    await mailbox.app.openConversation('Chairs from Gmail')
    const search = new SearchPage(mailbox.page)
    await search.findInput.fill('Mahogany')
    await search.counterIs('1 of 1')
    const frame = await frameWith('<mark')
    await frame.locator('mark').waitFor({ state: 'visible' })
    expect(await toggle().getAttribute('aria-expanded')).toBe('true')
    await search.findInput.fill('')
  })

  it("folds Outlook's header and the mail after it", async () => {
    await mailbox.app.openConversation('Chairs from Outlook')
    const frame = await frameWith('Confirmed')
    expect(await frame.locator('#answer').isVisible()).toBe(true)
    expect(await frame.locator('#divRplyFwdMsg').isVisible()).toBe(false)
    expect(await frame.locator('#old').isVisible()).toBe(false)
  })

  it('keeps an inline reply visible and folds only the quote after the last answer', async () => {
    await mailbox.app.openConversation('Chairs answered inline')
    const frame = await frameWith('Forty')
    expect(await frame.locator('#question').isVisible()).toBe(true)
    expect(await frame.locator('#answer').isVisible()).toBe(true)
    expect(await frame.locator('#old').isVisible()).toBe(false)
  })

  it('shows a forward in full, with no toggle', async () => {
    await mailbox.app.openConversation('Fwd: Chairs')
    const frame = await frameWith('forwarded catalogue')
    expect(await frame.locator('#old').isVisible()).toBe(true)
    expect(await toggle().count()).toBe(0)
  })

  it('shows an Outlook forward with a note above it in full, told from a reply by "FW:"', async () => {
    await mailbox.app.openConversation('FW: Chairs catalogue')
    const frame = await frameWith('catalogue from Outlook')
    expect(await frame.locator('#note').isVisible()).toBe(true)
    expect(await frame.locator('#divRplyFwdMsg').isVisible()).toBe(true)
    expect(await frame.locator('#old').isVisible()).toBe(true)
    expect(await toggle().count()).toBe(0)
  })

  it('shows a plain-text Outlook forward ("WG:") in full, with no toggle', async () => {
    await mailbox.app.openConversation('WG: Chairs price list')
    const body = mailbox.app.threadView.locator('.text-body')
    await body.filter({ hasText: 'Carlos, the price list below.' }).waitFor()
    expect(await body.textContent()).toContain('Walnut chairs, 120 EUR each.')
    expect(await toggle().count()).toBe(0)
  })
})
