// A message the store cannot take is set aside so the mail after it still arrives. The sidebar
// must not only count it: opened, it says which message (subject, sender, folder) and why, in the
// real renderer against a real Dovecot.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { refuseToStore } from '../support/poison-message'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('first', 'Quote for 40 chairs')] })
  await mailbox.app.threadRows.first().waitFor()
})

afterAll(async () => {
  await mailbox?.stop()
})

it('lists each message it could not store with its subject, sender, folder and reason', async () => {
  const { app, page, server } = mailbox
  const lift = refuseToStore(mailbox.web.dataDir, '<poison@client.test>')
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'INBOX', [
    mailFromCarlos('poison', 'Contract draft v3'),
    mailFromCarlos('after', 'Delivery on Friday')
  ])
  await page.getByTestId('sync-now').click()
  // The mail after it still arrives.
  await app.threadRow('Delivery on Friday').waitFor()
  const unstored = page.getByTestId('sync-unstored')
  await expect
    .poll(() => unstored.locator('summary').textContent())
    .toBe('1 message could not be stored; each sync tries it again')
  await unstored.locator('summary').click()
  const item = unstored.getByTestId('unstored-message')
  await expect.poll(() => item.count()).toBe(1)
  const text = await item.innerText()
  expect(text).toContain('Contract draft v3')
  expect(text).toMatch(/From Carlos Mendes · INBOX · /)
  expect(text).toContain('Why: cannot store this one')
  await app.screenshot('unstored-messages')

  // Once the store can take it, the next sync stores it and the notice goes.
  lift()
  await page.getByTestId('sync-now').click()
  await app.threadRow('Contract draft v3').waitFor()
  await unstored.waitFor({ state: 'detached' })
})
