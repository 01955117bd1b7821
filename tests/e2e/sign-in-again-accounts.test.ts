// Two mailboxes, one paused for "sign in again": its form stays, with what was typed into it,
// while the other mailbox syncs (the overall status then says "Syncing…", not the error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSwitchableProxy, type SwitchableProxy } from '../support/switchable-proxy'
import {
  connectMailbox,
  MAILBOX_ADDRESS,
  passwordChangedOnServer,
  type ConnectedMailbox
} from './fixtures/connected-mailbox'
import { pageRpc } from './fixtures/page-rpc'

let mailbox: ConnectedMailbox
/** Bob's IMAP goes through it, so his pass can be held "syncing" as long as the test needs. */
let proxy: SwitchableProxy

beforeAll(async () => {
  const mail = `From: Carlos <carlos@client.test>\r\nTo: ${MAILBOX_ADDRESS}\r\nSubject: Hello\r\nMessage-ID: <hello-1@client.test>\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n\r\nHello.\r\n`
  mailbox = await connectMailbox({ mail: [Buffer.from(mail)] })
  await mailbox.app.threadRows.first().waitFor()
  proxy = await startSwitchableProxy({ host: mailbox.server.host, port: mailbox.server.imapPort })
})

afterAll(async () => {
  await mailbox?.stop()
  await proxy?.close()
})

const callCore = (command: string, input: unknown) => pageRpc(mailbox.page, command, input)

describe('sign in again with two mailboxes', () => {
  it('keeps the form and what was typed while the other mailbox syncs', async () => {
    const { server, app } = mailbox
    // Alice's password changes on the server: her account pauses for sign-in.
    const form = await passwordChangedOnServer(mailbox)
    await form.locator('input').fill('alice-new')

    // Bob's mailbox is added behind a proxy that leaves every connection unanswered until
    // release(): his first pass stays "syncing" as long as the test needs.
    proxy.hold()
    const bob = server.users[1]!
    const added = await callCore('accounts.add', {
      email: 'bob@example.test',
      user: bob.user,
      password: bob.password,
      imap: { host: proxy.host, port: proxy.port, security: 'none' },
      smtp: { host: server.host, port: 1, security: 'none' },
      skipVerify: true
    })
    expect(added.ok).toBe(true)
    const bobId = (added.value as { id: number }).id
    const bobSync = callCore('sync.run', { accountId: bobId })
    bobSync.catch(() => undefined) // awaited below; a failing test closes the page under it
    await app.syncStatus.filter({ hasText: /syncing/i }).waitFor()
    expect(await form.count()).toBe(1)
    expect(await form.locator('input').inputValue()).toBe('alice-new')
    await app.screenshot('sign-in-again-while-another-syncs')

    proxy.release()
    expect((await bobSync).ok).toBe(true)
    // Two mailboxes: the error says which one it is about.
    await mailbox.page.getByTestId('sync-failing-mailbox').filter({ hasText: MAILBOX_ADDRESS }).waitFor()
    await form.locator('input').press('End')
    await form.locator('input').pressSequentially('-pw')
    await form.getByRole('button').click()
    await app.syncStatus.filter({ hasText: /up to date/i }).waitFor({ timeout: 30_000 })
    expect(await form.count()).toBe(0)
  })
})
