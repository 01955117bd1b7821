// Two mailboxes importing at once: each one's progress in the sync status is headed by its
// address, and its bars are named with it, so "Importing INBOX" says whose INBOX it is. With one
// mailbox nothing is added (import-progress-overall.test.ts reads its lines as they were).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'
import { addBobMailbox } from './fixtures/second-mailbox'

const mail = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => mailFromCarlos(`${prefix}-${i}`, `${prefix} ${i}`))

let mailbox: ConnectedMailbox
let bobProxy: TcpProxy | undefined
/** Each import is held when it opens Sent (after INBOX, Archive, Drafts and Junk), until let go. */
const held: Array<Promise<void>> = []
const letGo: Array<() => void> = []
const holdAtSent = (proxy: TcpProxy) =>
  held.push(
    proxy.beforeCommand(/ EXAMINE "?Sent"?[\s(]/i, 1, () => new Promise((resolve) => letGo.push(resolve)))
  )

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: mail('alice', 30), imapProxy: true, armProxy: holdAtSent })
  const { server, relay, page } = mailbox
  const bob = server.users[1]!
  await appendMessages(server, bob.user, bob.password, 'INBOX', mail('bob', 20))
  bobProxy = await startTcpProxy({ host: server.host, port: server.imapPort })
  holdAtSent(bobProxy)
  await addBobMailbox(page, { ...server, imapPort: bobProxy.port }, relay)
})
afterAll(async () => {
  for (const go of letGo) go()
  await bobProxy?.close()
  await mailbox?.stop()
})

it('names the mailbox of each import when two import at once', async () => {
  const { page, app } = mailbox
  const item = (email: string) =>
    page.getByTestId('import-progress-item').filter({
      has: page.getByTestId('import-progress-mailbox').filter({ hasText: email })
    })
  const alice = item('alice@example.test')
  const bob = item('bob@example.test')
  await expect
    .poll(() => alice.getByTestId('import-progress-overall').textContent(), { timeout: 30_000 })
    .toBe('All folders: 30 / 30 (folder 4 of 6)')
  await expect
    .poll(() => bob.getByTestId('import-progress-overall').textContent(), { timeout: 30_000 })
    .toBe('All folders: 20 / 20 (folder 4 of 6)')
  // A bar read alone says whose it is.
  expect(
    await page
      .getByRole('progressbar', { name: 'bob@example.test: All folders: 20 / 20 (folder 4 of 6)' })
      .getAttribute('aria-valuenow')
  ).toBe('20')
  expect(
    await alice
      .getByRole('progressbar', { name: 'alice@example.test: All folders: 30 / 30 (folder 4 of 6)' })
      .count()
  ).toBe(1)
  await app.screenshot('import-progress-mailboxes')
  for (const go of letGo) go()
  await Promise.all(held)
  await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 60_000 })
  await page.getByTestId('import-progress').waitFor({ state: 'detached' })
})
