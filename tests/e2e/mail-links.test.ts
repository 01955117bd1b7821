// Links in mail, in the real renderer (Chromium, web mode) against a real core: each link in an
// HTML mail says where it really goes (its tooltip), and a mailto link opens Rapport's own New
// message, filled from the link, with nothing sent until the user sends it.
//
// A click in the mail's frame (no script runs there) is seen only by the browser, as a new window
// for the link: in the desktop app main's window-open handler reads it and hands its fields to the
// page through the preload (tests/unit/electron-shell.test.ts); here Chromium shows the same
// window as a request for the mailto URL, and the test plays main's part through a stand-in for
// the preload's window.rapportHost. A link in the page itself (plain-text mail) needs no host.
import type { Frame, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAddressList } from '../../src-preload/contract/address-list'
import { parseMailto, type MailtoFields } from '../../src-preload/mailto-link'
import { clientMail } from './fixtures/client-mail'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'

const MAILTO =
  'mailto:ana@example.test?cc=bo@example.test&bcc=di@example.test&subject=C++%20question&body=Hello%20Ana%2C%0D%0Asee+you&attach=/etc/passwd'

const htmlLinks = clientMail(
  'links',
  'Links to follow',
  'text/html; charset=utf-8',
  '<html><body>' +
    `<p><a id="to-ana" href="${MAILTO}" title="Our newsletter">Write to Ana</a></p>` +
    '<p><a id="bank" href="https://evil.example/login" title="https://mybank.example">https://mybank.example</a></p>' +
    '<p><a id="offer" href=" https://shop.example/offer"><span id="inner" title="https://trusted.example">Our offer</span></a></p>' +
    '</body></html>'
)
const SIGNATURE = 'Alice Tan\nSales'

const plainAddress = clientMail(
  'plain',
  'Plain address',
  'text/plain; charset=utf-8',
  'Please write to dewi@partner.test about the delivery.'
)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [htmlLinks, plainAddress],
    // The desktop preload's window.rapportHost, as web mode has none: the page registers for
    // mailto links, and the test hands it a link's fields as main would.
    prepare: async (context) => {
      await context.addInitScript(() => {
        const page = window as unknown as {
          rapportHost: unknown
          followMailto?: (fields: unknown) => void
        }
        page.rapportHost = {
          onClosing: () => () => undefined,
          onMailto: (listener: (fields: unknown) => void) => {
            page.followMailto = listener
            return () => (page.followMailto = undefined)
          }
        }
      })
    }
  })
  await mailbox.app.threadRow('Plain address').waitFor()
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  await pageRpcValue(mailbox.page, 'accounts.setSignature', { accountId: 1, signature: SIGNATURE })
})

afterAll(async () => {
  await mailbox?.stop()
})

/** Opens the conversation and returns its message's loaded frame. */
async function openHtmlMail(): Promise<Frame> {
  await mailbox.app.openConversation('Links to follow')
  const element = await mailbox.app.threadView.locator('iframe[srcdoc*="Write to Ana"]').elementHandle()
  const frame = await element!.contentFrame()
  await frame!.waitForLoadState()
  return frame!
}

describe('a link in an HTML mail', () => {
  it('says where it really goes in its title, over any title the mail gave it', async () => {
    const frame = await openHtmlMail()
    const title = (selector: string) => frame.$eval(selector, (element) => element.getAttribute('title'))
    expect(await title('#to-ana')).toBe(MAILTO)
    expect(await title('#bank')).toBe(
      'Goes to evil.example, not mybank.example as its text says\nhttps://evil.example/login'
    )
    expect(await title('#offer')).toBe('https://shop.example/offer')
    // Inside a link the innermost title would show on hover: the mail's is gone.
    expect(await title('#inner')).toBeNull()
  })
})

describe('a mailto link', () => {
  it('in an HTML mail, clicked, opens New message filled from it, sending nothing', async () => {
    const { page, app } = mailbox
    const frame = await openHtmlMail()
    const opened = page
      .context()
      .waitForEvent('request', (request: Request) => request.url().startsWith('mailto:'))
    await frame.locator('#to-ana').click()
    // What the desktop app's main process sees: the window the link opens.
    const fields: MailtoFields | null = parseMailto((await opened).url())
    await page.waitForFunction(() => !!(window as { followMailto?: unknown }).followMailto)
    await page.evaluate(
      (f) => (window as unknown as { followMailto: (f: unknown) => void }).followMailto(f),
      fields
    )

    await app.composer.waitFor()
    // Each recipient in its own field, Cc and Bcc shown because the link fills them.
    expect(await page.getByTestId('composer-to').inputValue()).toBe('ana@example.test')
    expect(await page.getByTestId('composer-cc').inputValue()).toBe('bo@example.test')
    expect(await page.getByTestId('composer-bcc').inputValue()).toBe('di@example.test')
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('C++ question')
    // The From's signature below the link's body, as Thunderbird puts it.
    await expect
      .poll(() => page.getByTestId('composer-text').inputValue())
      .toBe(`Hello Ana,\nsee+you\n\n-- \n${SIGNATURE}`)
    expect(mailbox.relay.received).toHaveLength(0)
    await app.composer.getByRole('button', { name: 'Close', exact: true }).click()
    await app.composer.waitFor({ state: 'detached' })
  })

  it('in a plain-text mail opens New message at a click, the one being written set aside', async () => {
    const { page, app } = mailbox
    const popups: string[] = []
    page.context().on('request', (request) => {
      if (request.url().startsWith('mailto:')) popups.push(request.url())
    })
    await app.openConversation('Plain address')
    await app.threadView.getByRole('link', { name: 'dewi@partner.test' }).click()
    await app.composer.waitFor()
    expect(await page.getByTestId('composer-to').inputValue()).toBe('dewi@partner.test')
    expect(await page.getByTestId('composer-subject').inputValue()).toBe('')
    const text = page.getByTestId('composer-text')
    await expect.poll(() => text.inputValue()).toBe(`\n\n-- \n${SIGNATURE}`)
    // The last link's message, not sent, waits beside it.
    const aside = app.composer.getByTestId('aside-draft')
    expect(await aside.allTextContents()).toEqual([expect.stringContaining('C++ question')])
    // Followed again, its message untouched but for the signature put in: still one message.
    await app.composer.getByRole('button', { name: 'Close', exact: true }).click()
    await app.composer.waitFor({ state: 'detached' })
    await app.threadView.getByRole('link', { name: 'dewi@partner.test' }).click()
    await expect.poll(() => text.inputValue()).toBe(`\n\n-- \n${SIGNATURE}`)
    expect(await aside.count()).toBe(1)
    expect(popups).toEqual([])
  })
})

describe("a mailto link's addresses", () => {
  it('are all in To as shown, a line break in the link too, and sent to no one else', async () => {
    const { page, app, relay } = mailbox
    // The last test's New message is left open.
    if (await app.composer.isVisible()) {
      await app.composer.getByRole('button', { name: 'Close', exact: true }).click()
      await app.composer.waitFor({ state: 'detached' })
    }
    await app.openConversation('Links to follow')
    // As main reads a link a hostile mail's HTML opens: one address, it seems, then another.
    const fields = parseMailto('mailto:boss@company.test%0D%0Aeve@evil.test?subject=Line%20break%20in%20To')
    await page.waitForFunction(() => !!(window as { followMailto?: unknown }).followMailto)
    await page.evaluate(
      (f) => (window as unknown as { followMailto: (f: unknown) => void }).followMailto(f),
      fields
    )
    await app.composer.waitFor()
    const shown = await page.getByTestId('composer-to').inputValue()
    await page.getByTestId('composer-text').fill('Who gets this?')
    await app.composer.getByRole('button', { name: 'Send', exact: true }).click()
    await app.composer.waitFor({ state: 'detached' })
    await page.getByTestId('undo-send-now').click()
    const sent = () => relay.received.find((m) => m.raw.toString('utf8').includes('Line break in To'))
    await expect.poll(sent).toBeTruthy()
    // What the field showed is whom it went to.
    expect(sent()!.to).toEqual(parseAddressList(shown).addresses.map((a) => a.address))
  })
})
