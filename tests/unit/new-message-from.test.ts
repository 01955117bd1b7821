// The mailbox New message last sent from, kept in the workspace's settings: only a mailbox of the
// workspace is remembered (the contract's other per-mailbox commands say NOT_FOUND the same way).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function core() {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-new-from-'))
  dirs.push(dir)
  const c = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined })
  return { core: c, call: coreCaller(c) }
}

describe('outbox.rememberNewMessageFrom', () => {
  it('remembers a mailbox of the workspace and gives it back', async () => {
    const { call } = core()
    expect(await call('outbox.lastNewMessageFrom', {})).toEqual({ accountId: null })
    const account = await call('accounts.add', {
      email: 'me@rapport.test',
      user: 'me',
      password: 'pw',
      imap: { host: 'imap.example.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.example.com', port: 465, security: 'tls' },
      skipVerify: true
    })
    await call('outbox.rememberNewMessageFrom', { accountId: account.id })
    expect(await call('outbox.lastNewMessageFrom', {})).toEqual({ accountId: account.id })
  })

  it('refuses an id that is no account, keeping what it remembered', async () => {
    const { core: c, call } = core()
    const response = await c.dispatch('outbox.rememberNewMessageFrom', { accountId: 99 })
    expect(response).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await call('outbox.lastNewMessageFrom', {})).toEqual({ accountId: null })
  })
})
