// A move another mail program overtook, in the real renderer against a real Dovecot: just before
// Rapport's archive reaches the server, the other program moves the message to Trash. The sidebar
// says where it went, and "Move it anyway" archives it from there.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openTestImap } from '../support/imap-probe'
import { connectMailbox, mailFromCarlos, type ConnectedMailbox } from './fixtures/connected-mailbox'

let mailbox: ConnectedMailbox
beforeAll(async () => {
  mailbox = await connectMailbox({ mail: [mailFromCarlos('offer-7', 'Offer for 7 desks')], imapProxy: true })
  await mailbox.app.threadRows.first().waitFor()
})
afterAll(async () => {
  await mailbox?.stop()
})

/** The Message-IDs in a folder on the server, read by a second IMAP client. */
async function serverIds(folder: string): Promise<string[]> {
  const client = await openTestImap(mailbox.server, mailbox.server.users[0]!)
  try {
    const lock = await client.getMailboxLock(folder, { readOnly: true })
    try {
      const ids: string[] = []
      for await (const m of client.fetch('1:*', { envelope: true })) ids.push(m.envelope?.messageId ?? '')
      return ids
    } finally {
      lock.release()
    }
  } catch {
    return []
  } finally {
    await client.logout()
  }
}

it('says where the other program put the mail, and moves it anyway when asked', async () => {
  const { page, app, server, proxy } = mailbox
  // The other program's move lands between Rapport's SELECT and its UID MOVE.
  const overtaken = proxy!.beforeCommand(/ UID MOVE /, 1, async () => {
    await server.doveadm(['move', '-u', 'alice', 'Trash', 'mailbox', 'INBOX', 'all'])
  })
  await app.threadRow('Offer for 7 desks').click()
  const message = app.messages.first()
  await message.getByTestId('message-archive').click()
  await overtaken

  const failed = page.getByTestId('failed-change')
  await failed.waitFor()
  expect(await failed.locator('.failed-changes__what').textContent()).toBe('Move of 1 message to Archive')
  await expect
    .poll(() => failed.locator('.failed-changes__meta').textContent())
    .toBe('Another program moved this mail to Trash before the move reached the server.')
  await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Trash')
  await app.screenshot('move-overtaken')

  await failed.getByTestId('failed-change-move-again').click()
  await page.getByTestId('failed-changes').waitFor({ state: 'detached' })
  await expect.poll(() => message.getByTestId('message-folder').textContent()).toBe('In Archive')
  await expect.poll(() => serverIds('Archive')).toEqual(['<offer-7@client.test>'])
  expect(await serverIds('Trash')).toEqual([])
})
