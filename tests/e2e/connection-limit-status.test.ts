// The mailbox's server at its limit of connections per user and address (other mail programs and
// phones hold them all): the sync status must tell an Indonesian user, in Indonesian, that this is
// no wrong password and that Rapport keeps trying. Seen while exploring: the status said, half in
// English, "Galat: Email Anda tidak dapat disinkronkan. Periksa koneksi, lalu coba lagi. (The IMAP
// server … is temporarily refusing logins (…). This is not a wrong password; Rapport keeps
// trying.)": the generic SYNC_FAILED advice (check the connection, retry) before the core's
// English detail, which says the opposite. The server's own words may stay as the server wrote
// them, like the reason under "sign in again".
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openTestImap } from '../support/imap-probe'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

const LIMIT = 3
let mailbox: ConnectedMailbox
const held: ImapFlow[] = []

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('limit', 'Quote for 40 chairs')],
    maxUserIpConnections: LIMIT,
    prepare: (context) => preferLanguage(context, 'id-ID')
  })
  await mailbox.app.syncStatus.filter({ hasText: /sudah terbaru/i }).waitFor({ timeout: 60_000 })
})
afterAll(async () => {
  for (const client of held) await client.logout().catch(() => undefined)
  await mailbox?.stop()
})

it('says in Indonesian that the server refuses logins for now and Rapport keeps trying', async () => {
  const { server, page, app } = mailbox
  // Rapport's own connections end; other programs take every one the server allows.
  await server.doveadm(['kick', 'alice'])
  for (let i = 0; i < LIMIT; i++) held.push(await openTestImap(server, server.users[0]!))
  await page.getByTestId('sync-now').click()
  const line = app.syncStatus.getByRole('status')
  await app.syncStatus.filter({ hasText: /Galat/ }).waitFor({ timeout: 30_000 })
  await app.screenshot('connection-limit-status-id')
  const text = (await line.textContent()) ?? ''
  // Not the generic advice to check the connection, which the cause contradicts.
  expect(text).not.toMatch(/Periksa koneksi/)
  // Rapport's own words are translated; only the server's stay as it wrote them.
  expect(text).not.toMatch(/not a wrong password|Rapport keeps trying|temporarily refusing/)
  expect(text).toMatch(/mail_max_userip_connections/)
})
