// The import depth ("the newest N per folder") changed in a mailbox's settings after it was added:
// raised, the next pass fetches the older mail now inside it in every synced folder; lowered, it
// removes nothing already stored.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { SyncProgress } from '../../src-preload/contract'
import { outPath } from '../support/build-output'
import { generateCorpus } from '../support/corpus'
import { appendMessages } from '../support/dovecot'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { FAST } from './fixtures/sync-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

/** A user with 40 messages in INBOX and 30 in Sent. */
async function userWithTwoFolders(name: string) {
  const { user } = await seededUser(name, 40)
  const sent = await generateCorpus({ seed: 99, count: 30, selfAddress: `${name}@example.test` })
  await appendMessages(
    server(),
    user.user,
    user.password,
    'Sent',
    sent.map((m) => ({ raw: m.raw, internalDate: m.date }))
  )
  return user
}

/** How many messages each folder holds locally, read synchronously (for waitFor). */
function counts(fixture: CoreFixture, accountId: number): Record<string, number> {
  const folders = fixture.core.workspace.folders.list(accountId)
  return Object.fromEntries(
    folders.filter((f) => f.path === 'INBOX' || f.path === 'Sent').map((f) => [f.path, f.messageCount])
  )
}

describe('import depth changed in the mailbox settings', () => {
  it('raised, the older mail now inside it arrives in every synced folder without "Sync now"; lowered, nothing stored goes', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    try {
      const user = await userWithTwoFolders('depthup')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      fixture.core.startRealtime()
      await fixture.waitFor('the first import', () => {
        const c = counts(fixture, accountId)
        return c.INBOX === 10 && c.Sent === 10
      })

      const raised = await fixture.call('accounts.update', { accountId, importLimit: 25 })
      expect(raised.importLimit).toBe(25)
      expect((await fixture.call('accounts.list', {}))[0]!.importLimit).toBe(25)
      await fixture.waitFor('the newly included older mail', () => {
        const c = counts(fixture, accountId)
        return c.INBOX === 25 && c.Sent === 25
      })

      const lowered = await fixture.call('accounts.update', { accountId, importLimit: 5 })
      expect(lowered.importLimit).toBe(5)
      const [pass] = await fixture.call('sync.run', { accountId })
      expect(pass!.fetched).toBe(0)
      expect(counts(fixture, accountId)).toEqual({ INBOX: 25, Sent: 25 })

      await fixture.call('accounts.update', { accountId, importLimit: 'all' })
      await fixture.waitFor('all the mail', () => {
        const c = counts(fixture, accountId)
        return c.INBOX === 40 && c.Sent === 30
      })
    } finally {
      await fixture.core.stopRealtime()
      fixture.close()
    }
  })

  it('refuses a depth that is not a positive whole number or "all", saying which field', async () => {
    const fixture = new CoreFixture()
    try {
      const { user } = await seededUser('depthbad', 1)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      for (const importLimit of [0, -5, 2.5, 'some'])
        expect(await fixture.error('accounts.update', { accountId, importLimit } as never)).toMatchObject({
          code: 'INVALID_INPUT',
          field: 'importLimit'
        })
      expect((await fixture.call('accounts.list', {}))[0]!.importLimit).toBe(10)
    } finally {
      fixture.close()
    }
  })
})

describe('import depth changed from the command line', () => {
  const run = promisify(execFile)
  const env = {
    ...process.env,
    // No keychain on any machine: the password is only there when the command gets it.
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    DEPTH_PW: 'depthcli-pw'
  }

  it('"account set --import-limit" changes it: the next sync fetches the older mail, a lower one removes nothing', async () => {
    if (!existsSync(outPath('main/cli.js')))
      throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
    const { user } = await seededUser('depthcli', 40)
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-depth-'))
    const rapport = (...args: string[]) =>
      run(process.execPath, [resolve('bin/rapport.js'), '--data-dir', dataDir, ...args], { env })
    const failure = (...args: string[]) =>
      rapport(...args).then(
        () => {
          throw new Error(`rapport ${args.join(' ')} was expected to fail`)
        },
        (error: unknown) => error as { code: number; stderr: string }
      )
    const inboxCount = async () => {
      const { stdout } = await rapport('folders', 'list', '--json')
      const folders = JSON.parse(stdout) as Array<{ path: string; messageCount: number }>
      return folders.find((f) => f.path === 'INBOX')!.messageCount
    }
    try {
      const { host, imapPort } = server()
      await rapport(
        ...['account', 'add', '--email', 'depthcli@example.test', '--user', user.user],
        ...['--password-env', 'DEPTH_PW', '--imap-host', host, '--imap-port', String(imapPort)],
        ...['--imap-security', 'none', '--smtp-host', host, '--smtp-port', '1', '--smtp-security', 'none'],
        ...['--import-limit', '10', '--skip-verify']
      )
      await rapport('sync', '--password-env', 'DEPTH_PW')
      expect(await inboxCount()).toBe(10)

      const { stdout } = await rapport('account', 'set', '--account', '1', '--import-limit', '25')
      expect(stdout).toBe('import-limit 25\n')
      await rapport('sync', '--password-env', 'DEPTH_PW')
      expect(await inboxCount()).toBe(25)

      await rapport('account', 'set', '--account', '1', '--import-limit', '5')
      await rapport('sync', '--password-env', 'DEPTH_PW')
      expect(await inboxCount()).toBe(25)

      const nothing = await failure('account', 'set', '--account', '1')
      expect(nothing.code).toBe(2)
      expect(nothing.stderr).toMatch(/--import-limit/)
      const zero = await failure('account', 'set', '--account', '1', '--import-limit', '0')
      expect(zero.code).toBe(1)
      expect(zero.stderr).toMatch(/^error INVALID_INPUT/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('import depth lowered during the first import', () => {
  it('stops the import under way once the folder holds the new depth', async () => {
    const fixture = new CoreFixture()
    try {
      const { user } = await seededUser('depthdown', 300)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 'all' }))
      let lowered: Promise<unknown> | null = null
      const off = fixture.core.events.subscribe((name, payload) => {
        const p = payload as SyncProgress
        if (
          lowered ||
          name !== 'sync.progress' ||
          p.folder !== 'INBOX' ||
          p.phase !== 'fetching' ||
          p.done === 0
        )
          return
        // The first slice is stored: the user lowers the depth to 10 now.
        lowered = fixture.call('accounts.update', { accountId, importLimit: 10 })
      })
      await fixture.call('sync.run', { accountId })
      off()
      expect(lowered).not.toBeNull()
      await lowered
      const inbox = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      // One or two batches in flight may still be stored; not the whole folder.
      expect(inbox.messageCount).toBeLessThan(300)
      // The pass still completed: the next one has nothing to fetch, and keeps what is stored.
      const [again] = await fixture.call('sync.run', { accountId })
      expect(again!.fetched).toBe(0)
      const after = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      expect(after.messageCount).toBe(inbox.messageCount)
    } finally {
      fixture.close()
    }
  })
})
