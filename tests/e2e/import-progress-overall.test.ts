// The first import of a mailbox with mail in several folders shows how far the whole import is,
// not only the folder being imported: "All folders: 40 / 60 (folder 4 of 6)".
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

const INBOX = 40
const SENT = 20

let mailbox: ConnectedMailbox
/** Held until the test lets it go: the import waits at Sent, its INBOX stored. */
let atSent: Promise<void> | undefined
let letGo: () => void = () => undefined

beforeAll(async () => {
  const mail = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => mailFromCarlos(`${prefix}-${i}`, `${prefix} ${i}`))
  mailbox = await connectMailbox({
    mail: mail('inbox', INBOX),
    sent: mail('sent', SENT),
    imapProxy: true,
    armProxy: (proxy) => {
      // The pass opens Sent (read-only) after INBOX, Archive, Drafts and Junk.
      atSent = proxy.beforeCommand(
        / EXAMINE "?Sent"?[\s(]/i,
        1,
        () => new Promise((resolve) => (letGo = resolve))
      )
    }
  })
})
afterAll(async () => {
  letGo()
  await mailbox?.stop()
})

// A folder with no mail (Junk) imports as "0 / 0": that is done, so its bar is full. It was
// indeterminate (a part sliding along), as if mail were still coming.
it('shows an empty folder imported as a full bar', async () => {
  const { page } = mailbox
  const bar = page.getByRole('progressbar', { name: 'Importing Junk: 0 / 0' })
  await bar.waitFor({ timeout: 30_000 })
  expect(await bar.getAttribute('class')).not.toContain('progress--indeterminate')
  expect(await bar.getAttribute('aria-valuenow')).toBe('100')
  expect(await bar.getAttribute('aria-valuemax')).toBe('100')
  const width = await bar.evaluate((el) => (el.firstElementChild as HTMLElement).style.width)
  expect(width).toBe('100%')
})

it('shows the whole import next to the folder, up to every folder stored', async () => {
  const { page, app } = mailbox
  const overall = page.getByTestId('import-progress-overall')
  // Known before Sent starts: its 20 messages are in the total already.
  await expect
    .poll(() => overall.textContent(), { timeout: 30_000 })
    .toBe('All folders: 40 / 60 (folder 4 of 6)')
  await expect
    .poll(() =>
      page
        .getByRole('progressbar', { name: 'All folders: 40 / 60 (folder 4 of 6)' })
        .getAttribute('aria-valuenow')
    )
    .toBe('40')
  await app.screenshot('import-progress-overall')
  letGo()
  await atSent
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  // Done, the import's progress goes away with the folder's.
  await overall.waitFor({ state: 'detached' })
})
