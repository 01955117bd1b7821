// How received mail looks in the reading pane: each message here is one a real mail client
// sends, delivered to Dovecot and shown by the app, and the checks read the rendered frame.
import type { Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientMail } from './fixtures/client-mail'
import { connectMailbox, type ConnectedMailbox } from './fixtures/connected-mailbox'

// A 2×1 PNG, red and blue.
const LOGO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGP4z8DAwPAfAAcAAf9+CLHQAAAAAElFTkSuQmCC',
  'base64'
)
// Nothing listens there: these only have to be remote, never to load.
const TRACKER = 'http://127.0.0.1:9'

const html = (body: string) => ['Content-Type: text/html; charset=utf-8', '', body]

/** As Outlook sends a signature logo: multipart/related, the image referred to by cid:. */
const withLogo = clientMail(
  'logo',
  'Logo in the signature',
  'multipart/related; boundary="r"',
  [
    '--r',
    ...html('<p>Best regards,</p><p><img id="logo" src="cid:image001.png@01DA0000.00000000" alt="ACME"></p>'),
    '--r',
    'Content-Type: image/png; name="image001.png"',
    'Content-Description: image001.png',
    'Content-Disposition: inline; filename="image001.png"',
    'Content-ID: <image001.png@01DA0000.00000000>',
    'Content-Transfer-Encoding: base64',
    '',
    LOGO.toString('base64'),
    '--r--'
  ].join('\r\n')
)

/** Word's HTML: the stylesheet inside <!-- -->. */
const fromOutlook = clientMail(
  'outlook',
  'Styled in Outlook',
  'text/html; charset=utf-8',
  '<html><head><style><!--\r\np.MsoNormal{color:#c00000;font-size:28px}\r\n--></style></head>' +
    '<body><p class="MsoNormal" id="styled">Outlook styled</p></body></html>'
)

/** A dark design: the page colours are on <body>, the only place they are set. */
const darkDesign = clientMail(
  'dark',
  'Dark newsletter',
  'text/html; charset=utf-8',
  '<html><body bgcolor="#111111" style="color:#eeeeee"><p id="text">Light text on a dark page</p></body></html>'
)

/** A remote image, so "Show images" is offered, and a stylesheet hiding url( behind an escape. */
const escapedUrl = clientMail(
  'escaped',
  'Escaped stylesheet',
  'text/html; charset=utf-8',
  `<html><head><style>body{background:\\75rl(${TRACKER}/escaped)}</style></head>` +
    `<body><p>Hello</p><img id="pixel" src="${TRACKER}/pixel.png"></body></html>`
)

/** An attachment whose name reverses itself: "invoice\u202Efdp.exe" displays as "invoiceexe.pdf". */
const reversedName = clientMail(
  'bidi',
  'Invoice attached',
  'multipart/mixed; boundary="m"',
  [
    '--m',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The invoice is attached.',
    '--m',
    'Content-Type: application/octet-stream',
    "Content-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe",
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('MZ').toString('base64'),
    '--m--'
  ].join('\r\n')
)

/** HTML mail in Hebrew that sets no direction of its own, as most mailers send it. */
const hebrewHtml = clientMail(
  'rtl',
  'Hebrew newsletter',
  'text/html; charset=utf-8',
  '<html><body><p id="hebrew">שלום, המבצע מתחיל היום.</p></body></html>'
)

/** Two newsletters of one shop, each with a remote image: allowed for the sender, both show it. */
const SHOP = 'Dewi Shop <deals@shop.test>'
const weeklyDeals = clientMail(
  'weekly',
  'Weekly deals',
  'text/html; charset=utf-8',
  `<html><body><p>This week</p><img id="banner" src="${TRACKER}/weekly.png"></body></html>`,
  SHOP
)
const flashSale = clientMail(
  'flash',
  'Flash sale',
  'text/html; charset=utf-8',
  `<html><body><p>Today only</p><img id="banner" src="${TRACKER}/flash.png"></body></html>`,
  SHOP
)
/** Carlos's, with a remote image: allowing the shop's does not show his. */
const sitePhoto = clientMail(
  'photo',
  'Site visit photo',
  'text/html; charset=utf-8',
  `<html><body><p>The site</p><img id="banner" src="${TRACKER}/site.png"></body></html>`
)

/**
 * A multipart of more parts than the parser takes (a mail loop or a broken mailer): kept as its
 * raw text, with the reason (in the UI's language: parse-error-in-chinese.test.ts).
 */
const tooManyParts = clientMail(
  'parts',
  'Too many parts',
  'multipart/mixed; boundary="p"',
  [
    ...Array.from({ length: 1001 }, (_, i) => `--p\r\nContent-Type: text/plain\r\n\r\nPart ${i}`),
    '--p--'
  ].join('\r\n')
)

/** One word of 30,000 letters in the Subject and 100,000 in the text: a crafted mail. */
const LONG_WORD = 'A'.repeat(30_000)
const longWord = clientMail(
  'long-word',
  `Long ${LONG_WORD}`,
  'text/plain; charset=utf-8',
  `Start ${'A'.repeat(100_000)} end`
)

/**
 * The same word in an HTML body, which the sandboxed frame lays out under its own stylesheet (an
 * "A": Chromium's slow path needs a letter the font kerns; 64k of "B" took 4 ms).
 */
const longWordHtml = clientMail(
  'long-word-html',
  'Long word in HTML',
  'text/html; charset=utf-8',
  `<p id="long">Begin ${'A'.repeat(64_000)} finish</p>`
)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [
      withLogo,
      fromOutlook,
      darkDesign,
      escapedUrl,
      reversedName,
      hebrewHtml,
      weeklyDeals,
      flashSale,
      sitePhoto,
      tooManyParts,
      longWord,
      longWordHtml
    ]
  })
  await mailbox.app.threadRow('Invoice attached').waitFor()
  await mailbox.app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

/** Opens the thread and returns the frame showing its message, the one with this text. */
async function openMessage(subject: string, text: string): Promise<Frame> {
  await mailbox.app.threadRow(subject).click()
  // The pane may still show the thread before for a moment: wait for this message's frame.
  return frameWith(text)
}

/** The loaded frame whose document has this text (each new document is a new frame). */
async function frameWith(text: string): Promise<Frame> {
  const selector = `iframe[srcdoc*="${text.replaceAll('"', '\\"')}"]`
  const element = await mailbox.app.threadView.locator(selector).elementHandle()
  const frame = await element!.contentFrame()
  await frame!.waitForLoadState()
  return frame!
}

describe('HTML mail in the reading pane', () => {
  it('shows images the mail carries (cid:) without asking, and does not list them as attachments', async () => {
    // The body shows at once with the cid: URL (a broken image, already "complete"), and again
    // once the part's bytes are read: wait for that second document.
    const frame = await openMessage('Logo in the signature', 'data:image/png')
    await frame.waitForFunction(() => {
      const logo = document.getElementById('logo') as HTMLImageElement | null
      return logo?.src.startsWith('data:image/png') && logo.complete
    })
    expect(await frame.$eval('#logo', (img) => (img as HTMLImageElement).naturalWidth)).toBe(2)
    const message = mailbox.app.messages.first()
    expect(await message.getByTestId('remote-images-bar').count()).toBe(0)
    expect(await message.locator('.attachments').count()).toBe(0)
  })

  it("keeps Outlook's stylesheet that is wrapped in <!-- -->", async () => {
    const frame = await openMessage('Styled in Outlook', 'Outlook styled')
    const style = await frame.$eval('#styled', (p) => {
      const { color, fontSize } = getComputedStyle(p)
      return { color, fontSize }
    })
    expect(style).toEqual({ color: 'rgb(192, 0, 0)', fontSize: '28px' })
  })

  it("keeps the colours the mail gives its <body>, so light text stays on the sender's dark page", async () => {
    const frame = await openMessage('Dark newsletter', 'Light text on a dark page')
    const colours = await frame.$eval('#text', (p) => ({
      page: getComputedStyle(p.ownerDocument.body).backgroundColor,
      text: getComputedStyle(p).color
    }))
    expect(colours).toEqual({ page: 'rgb(17, 17, 17)', text: 'rgb(238, 238, 238)' })
  })

  it('lays out a right-to-left mail that sets no direction right to left, and others left to right', async () => {
    const hebrew = await openMessage('Hebrew newsletter', 'hebrew')
    expect(await hebrew.$eval('#hebrew', (p) => getComputedStyle(p).direction)).toBe('rtl')
    const english = await openMessage('Dark newsletter', 'Light text on a dark page')
    expect(await english.$eval('#text', (p) => getComputedStyle(p).direction)).toBe('ltr')
  })

  it('lets no stylesheet fetch through a CSS escape, even once images are shown', async () => {
    await openMessage('Escaped stylesheet', 'Hello')
    const bar = mailbox.app.messages.first().getByTestId('remote-images-bar')
    await bar.getByRole('button', { name: 'Show images', exact: true }).click()
    await bar.waitFor({ state: 'detached' })
    const frame = await frameWith(`src="${TRACKER}/pixel.png"`)
    expect(await frame.$eval('#pixel', (img) => img.getAttribute('src'))).toBe(`${TRACKER}/pixel.png`)
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundImage)).toBe('none')
  })
})

describe('remote images allowed for a sender', () => {
  const banner = (frame: Frame) => frame.$eval('#banner', (img) => img.getAttribute('src'))

  it("shows every message of that sender's with its images, until the user stops it, and no one else's", async () => {
    await openMessage('Weekly deals', 'This week')
    const bar = mailbox.app.messages.first().getByTestId('remote-images-bar')
    await bar.getByRole('button', { name: 'Always show images from deals@shop.test' }).click()
    await bar.filter({ hasText: 'Images from deals@shop.test are always shown.' }).waitFor()
    expect(await banner(await frameWith(`src="${TRACKER}/weekly.png"`))).toBe(`${TRACKER}/weekly.png`)

    // Another message of the same sender shows its images without asking.
    await openMessage('Flash sale', 'Today only')
    const flashBar = mailbox.app.messages.first().getByTestId('remote-images-bar')
    await flashBar.filter({ hasText: 'Images from deals@shop.test are always shown.' }).waitFor()
    expect(await banner(await frameWith(`src="${TRACKER}/flash.png"`))).toBe(`${TRACKER}/flash.png`)

    // Another sender's still ask.
    await openMessage('Site visit photo', 'The site')
    await mailbox.app.messages
      .first()
      .getByTestId('remote-images-bar')
      .filter({ hasText: 'Remote images are blocked' })
      .waitFor()

    // Stopped: blocked again.
    await openMessage('Flash sale', 'Today only')
    await flashBar.getByRole('button', { name: 'Stop showing' }).click()
    await flashBar.filter({ hasText: 'Remote images are blocked' }).waitFor()
    const blocked = await frameWith(`data-rapport-blocked-src="${TRACKER}/flash.png"`)
    expect(await banner(blocked)).toBeNull()
  })
})

describe('attachments', () => {
  it('shows a name without the controls that would reverse it, isolated from the text around it', async () => {
    const { app } = mailbox
    await app.threadRow('Invoice attached').click()
    const name = app.threadView.locator('.attachments__name')
    await name.waitFor()
    expect(await name.textContent()).toBe('invoicefdp.exe')
    expect(await name.locator('bdi').count()).toBe(1)
  })
})

describe('mail that could not be read completely', () => {
  it('says why on the message, in text a screen reader reads, not only in a tooltip', async () => {
    const { app } = mailbox
    await app.openConversation('Too many parts')
    const notice = app.messages.first().getByRole('note')
    await notice.waitFor()
    expect(await notice.innerText()).toContain('it is made of more than 1,000 parts')
    expect(await notice.ariaSnapshot()).toContain('it is made of more than 1,000 parts')
  })
})

describe('a crafted word tens of thousands of letters long', () => {
  it('is laid out without kerning, whose line breaking takes time growing with its square', async () => {
    const { app } = mailbox
    await app.threadRow('Long AAAA').click()
    const body = app.threadView.locator('.text-body', { hasText: 'end' })
    await body.waitFor()
    const kerning = (selector: string) =>
      app.threadView
        .locator(selector)
        .first()
        .evaluate((element) => getComputedStyle(element).fontKerning)
    expect(await kerning('#thread-subject')).toBe('none')
    expect(await kerning('.text-body')).toBe('none')
    expect((await app.threadView.locator('#thread-subject').textContent())?.length).toBeGreaterThan(30_000)
  })

  it('is laid out without kerning in an HTML body too, whose frame took seconds to show it', async () => {
    const frame = await openMessage('Long word in HTML', 'finish')
    // With kerning, Chromium took 12 s to lay this paragraph out (measured, not timed here).
    expect(await frame.$eval('#long', (p) => getComputedStyle(p).fontKerning)).toBe('none')
  })
})
