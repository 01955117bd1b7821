// Search in the real renderer, in Chromium, over a Dovecot mailbox synced through web mode:
// the global search bar with its three tabs, the recent-searches dropdown (which survives a
// restart), and find in the open conversation with its arrows and counter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { AppPage } from './pages/app-page'
import { SearchPage } from './pages/search-page'
import { launchChromium, WebMode } from './fixtures/web-mode'

let server: DovecotServer
let relay: SmtpRelay
let web: WebMode
let browser: Browser
let page: Page
let app: AppPage
let search: SearchPage

const QUOTE = 'Quote for 500 units'
const ALICE = 'alice@example.test'

type Mail = { from: string; subject: string; id: string; replyTo?: string; text?: string; html?: string }

/** A small mail; dated minutes ago in order, so the newest is last in the list given. */
function raw(mail: Mail, minutesAgo: number): string {
  const body = mail.html ?? mail.text ?? ''
  return [
    `From: ${mail.from}`,
    `To: Alice <${ALICE}>`,
    `Subject: ${mail.subject}`,
    `Date: ${new Date(Date.now() - minutesAgo * 60_000).toUTCString()}`,
    `Message-ID: <${mail.id}@client.test>`,
    ...(mail.replyTo
      ? [`In-Reply-To: <${mail.replyTo}@client.test>`, `References: <${mail.replyTo}@client.test>`]
      : []),
    'MIME-Version: 1.0',
    `Content-Type: text/${mail.html ? 'html' : 'plain'}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    ''
  ].join('\r\n')
}

const CARLOS = 'Carlos Mendes <carlos@client.test>'
const MAILS: Mail[] = [
  {
    from: 'Dewi Lestari <dewi@toko.example.co.id>',
    subject: 'Faktur pajak',
    id: 'dewi1',
    text: 'Mohon kirim faktur pajak bulan ini.'
  },
  { from: 'Li Na <li.na@163.com>', subject: '发票', id: 'lina1', text: '您好，发票已开具，请查收。' },
  { from: 'Oscar Wilde <oscar@client.test>', subject: 'Lunch', id: 'oscar1', text: 'Lunch on Friday?' },
  // The thread searched in: "invoice" three times in text bodies and twice in an HTML one.
  { from: CARLOS, subject: QUOTE, id: 'q1', text: 'Please send the quote.\nThe invoice goes to finance.' },
  {
    from: CARLOS,
    subject: `Re: ${QUOTE}`,
    id: 'q2',
    replyTo: 'q1',
    text: 'About the invoice: the Invoice number is INV-2231.'
  },
  {
    from: CARLOS,
    subject: `Re: ${QUOTE}`,
    id: 'q3',
    replyTo: 'q2',
    html: '<p>Here is the <b>invoice</b> as a PDF.</p><p>Invoice total: 5,000</p>'
  }
]

beforeAll(async () => {
  server = await startDovecot()
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort, users: server.users })
  const alice = server.users[0]!
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'INBOX',
    MAILS.map((m, i) => raw(m, MAILS.length - i))
  )
  web = new WebMode()
  await web.start()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  app = new AppPage(page)
  search = new SearchPage(page)
  await page.goto(web.url)
  await app.onboarding.waitFor()
  await app.fillAccount({
    email: ALICE,
    user: alice.user,
    password: alice.password,
    imap: { host: server.host, port: server.imapPort, security: 'none' },
    smtp: { host: server.host, port: relay.port, security: 'none' }
  })
  await app.submitAccount()
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor()
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  await relay?.stop()
  await server?.stop()
})

describe('global search', () => {
  it('lists messages with the matched words highlighted, and opens the thread of a result', async () => {
    await search.search('invoice')
    await search.results('message').first().waitFor()
    expect(await search.tab('messages').getAttribute('aria-selected')).toBe('true')
    expect(await search.results('message').count()).toBe(3)
    const marks = await search.marks(search.panel)
    expect(marks.length).toBeGreaterThanOrEqual(3)
    expect(marks.every((mark) => mark.toLowerCase() === 'invoice')).toBe(true)
    await app.screenshot('search-messages')
    await search.results('message').first().click()
    await app.threadView.filter({ hasText: QUOTE }).waitFor()
    expect(await search.panel.count()).toBe(0)
  })

  it('finds a Chinese phrase by substring', async () => {
    await search.search('发票已开具')
    // Until the typing pause ends, the panel still shows the previous search's results.
    await search.results('message').filter({ hasText: '发票已开具' }).waitFor()
    expect(await search.results('message').count()).toBe(1)
    expect(await search.marks(search.results('message').first())).toEqual(['发票已开具'])
  })

  it('finds a two-character Chinese word, and a one-character one', async () => {
    // 发票 (invoice) was refused: search started at three characters, and most Chinese words are two.
    await search.search('发票')
    // Until the typing pause ends, the panel still shows the previous search's marks (发票已开具).
    await expect.poll(() => search.marks(search.results('message').first())).toEqual(['发票', '发票'])
    expect(await search.results('message').count()).toBe(1)
    await search.search('票')
    await expect.poll(() => search.marks(search.results('message').first())).toEqual(['票', '票'])
    expect(await search.results('message').count()).toBe(1)
    // Latin text still starts at three characters.
    await search.search('in')
    await search.panel.getByText('Type at least 3 characters to search.').waitFor()
  })

  it('lists contacts by word prefix on the Contacts tab, and opens one in the contact drawer', async () => {
    await search.search('car')
    await search.tab('contacts').click()
    await search.results('contact').filter({ hasText: 'Carlos Mendes' }).waitFor()
    expect((await search.results('contact').allTextContents()).join('|')).not.toContain('Oscar')
    expect(await search.marks(search.results('contact').first())).toContain('Car')
    await app.screenshot('search-contacts')
    await search.results('contact').first().click()
    const drawer = page.getByTestId('contact-drawer')
    await drawer.filter({ hasText: 'carlos@client.test' }).waitFor()
    await drawer.getByTestId('contact-close').click()
  })

  it('finds internal comments on the Comments tab, and opens their conversation', async () => {
    const conversations = (await search.call('conversations.list', { inbox: 'all' })) as Array<{
      id: string
      subject: string
    }>
    const quote = conversations.find((c) => c.subject.includes(QUOTE))!
    await search.call('conversations.comment', {
      conversationId: quote.id,
      body: 'Finance approved the discount'
    })
    await search.search('discount')
    await search.tab('comments').click()
    await search.results('comment').filter({ hasText: 'discount' }).waitFor()
    expect(await search.marks(search.results('comment').first())).toEqual(['discount'])
    expect(await search.results('comment').first().textContent()).toContain(QUOTE)
    await search.results('comment').first().click()
    await app.threadView.filter({ hasText: QUOTE }).waitFor()
  })

  it('offers the recent searches in a dropdown, also after Rapport restarts', async () => {
    await search.search('')
    await search.input.focus()
    await search.recent.first().waitFor()
    expect(await search.recent.allTextContents()).toEqual([
      expect.stringContaining('discount'),
      expect.stringContaining('car'),
      expect.stringContaining('invoice')
    ])
    // A restart gives web mode a new port, so a new origin: only the core can have kept them.
    await page.goto(await web.restart())
    await search.input.waitFor()
    await search.input.focus()
    await search.recent.first().waitFor()
    await app.screenshot('search-recent')
    await search.recent.filter({ hasText: 'invoice' }).click()
    expect(await search.input.inputValue()).toBe('invoice')
    await search.results('message').first().waitFor()
    expect(await search.tab('messages').getAttribute('aria-selected')).toBe('true')
  })
})

describe('find in the open conversation', () => {
  it('starts with the words of the search a thread was opened from, and counts every match', async () => {
    await search.results('message').first().click()
    await app.threadView.filter({ hasText: QUOTE }).waitFor()
    expect(await search.findInput.inputValue()).toBe('invoice')
    await search.counterIs('1 of 5')
  })

  it('walks the matches with next and previous, wrapping at both ends', async () => {
    const next = page.getByTestId('thread-find-next')
    const previous = page.getByTestId('thread-find-previous')
    await next.click()
    await search.counterIs('2 of 5')
    await next.click()
    await next.click()
    await search.counterIs('4 of 5')
    // The fourth match is in the HTML message: marked inside its sandboxed document.
    const frame = app.messages.last().getByTestId('message-frame')
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? ''
    expect(srcdoc.match(/<mark /g)).toHaveLength(2)
    expect(srcdoc).toMatch(/<mark style="[^"]*outline[^"]*">invoice<\/mark>/)
    await next.click()
    await next.click()
    await search.counterIs('1 of 5')
    await previous.click()
    await search.counterIs('5 of 5')
    await previous.click()
    await previous.click()
    await previous.click()
    await search.counterIs('2 of 5')
    const active = app.threadView.locator('mark[data-find-active="true"]')
    expect(await active.count()).toBe(1)
    expect(await active.textContent()).toBe('invoice')
    await app.screenshot('search-find-in-conversation')
  })

  it('counts again as the text changes, and says when nothing matches', async () => {
    await search.findInput.fill('INV-2231')
    await search.counterIs('1 of 1')
    await search.findInput.fill('nowhere to be found')
    await search.counterIs('No matches')
    expect(await page.getByTestId('thread-find-next').isDisabled()).toBe(true)
  })
})
