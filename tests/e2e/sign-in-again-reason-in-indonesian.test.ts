// Why a mailbox waits for "sign in again", in an Indonesian window: the sync status says in
// Indonesian that the server refused the password, and under it "Alasan: …" was Rapport's own
// English sentence ("The IMAP server rejected the user name or password (…). Check them and try
// again; some providers need an app password."). Only the server's own words may stay as they are.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preferLanguage } from './fixtures/ui-language'
import {
  connectMailbox,
  mailFromCarlos,
  passwordChangedOnServer,
  type ConnectedMailbox
} from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [mailFromCarlos('id-signin', 'Penawaran 40 kursi')],
    prepare: (context) => preferLanguage(context, 'id-ID')
  })
  await mailbox.app.syncStatus.filter({ hasText: 'Sudah terbaru' }).waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('gives the reason for signing in again in Indonesian, with only the server’s words as they are', async () => {
  const form = await passwordChangedOnServer(mailbox)
  const reason = await form.getByTestId('sign-in-again-reason').textContent()
  // Dovecot's own reply is kept...
  expect(reason).toContain('Authentication failed')
  // ...but none of Rapport's English around it.
  expect(reason).not.toMatch(/rejected|Check them|app password/)
})
