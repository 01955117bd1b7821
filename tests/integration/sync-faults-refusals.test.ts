// Faults that are answers rather than lost connections, against a real Dovecot: a reply lost or
// refused part-way through a local change or a search, stopping real time while a login or a
// pass hangs, a password changed on the server, and an invalid TLS certificate. Each must end in
// the right state (reconnected, or paused with the server's reason) with nothing marked deleted
// that is not. (Cut and frozen connections, Dovecot restarts: sync-faults.test.ts.)
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../src-main/core/errors'
import { CONNECT_TIMEOUT_MS } from '../../src-main/core/mail-server/imap-session'
import { type MailUser } from '../support/dovecot'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { expunge, localFolder, otherClient, serverFolder } from './fixtures/server-mailbox'
import { closeFaultMailbox as close, settlesWithin, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()
const { mailbox, deliver, expectConverged } = faults

describe('local changes under faults', () => {
  it('completes a move whose reply was lost in a cut, without failing it or duplicating the message', async () => {
    const box = await mailbox('iris', 4)
    try {
      // A pass that ran to its end: 'syncing' then 'up-to-date' (the state is also re-announced
      // when only the count of waiting changes moves, so 'up-to-date' alone proves nothing).
      const upToDateSince = (from: number) => {
        const states = box.fixture.events
          .slice(from)
          .filter((e) => e.name === 'sync.state')
          .map((e) => (e.payload as { state: string }).state)
        const syncing = states.indexOf('syncing')
        return syncing !== -1 && states.indexOf('up-to-date', syncing) !== -1
      }
      const tasksIn = (states: string) =>
        (box.db.prepare(`SELECT count(*) AS n FROM tasks WHERE state IN (${states})`).get() as { n: number })
          .n
      box.fixture.core.startRealtime()
      await box.fixture.waitFor('the first pass', () => upToDateSince(0))
      const messageId = box.corpus[0]!.messageId
      const pk = box.pkOf(messageId)
      const archive = await box.fixture.folder(box.accountId, 'Archive')
      // Dovecot moves the message; Rapport never hears so, and must not move it "back" or fail.
      const after = box.fixture.events.length
      // Never, not even for a moment, may the moved message look deleted on the server.
      let lookedDeleted = false
      box.fixture.core.events.subscribe(() => {
        const row = box.db.prepare('SELECT deleted_on_server FROM messages WHERE id = ?').get(pk)
        if ((row as { deleted_on_server: number }).deleted_on_server === 1) lookedDeleted = true
      })
      const cut = box.proxy.cutReplyTo(/ UID MOVE /)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: archive.id })
      await settlesWithin('the cut after MOVE', cut)
      // The reconnect pass pushes the task again, then syncs: wait for that pass to end.
      await box.fixture.waitFor(
        'the pass after reconnecting',
        () => upToDateSince(after) && tasksIn("'pending', 'running'") === 0
      )
      expect(tasksIn("'failed'")).toBe(0)
      expect(lookedDeleted).toBe(false)
      const other = await otherClient(faults.server, box.user)
      try {
        for (const path of ['INBOX', 'Archive'])
          expect(localFolder(box.db, box.accountId, path)).toEqual(await serverFolder(other, path))
        const archived = [...(await serverFolder(other, 'Archive')).values()].map((m) => m.messageId)
        expect(archived).toEqual([messageId])
      } finally {
        await other.logout()
      }
      expect(box.stats()).toEqual({ messages: 4, distinctIds: 4, locations: 4 })
      expect(box.db.prepare('SELECT deleted_on_server FROM messages WHERE id = ?').get(pk)).toEqual({
        deleted_on_server: 0
      })
    } finally {
      await close(box)
    }
  })
})

describe('answers lost or refused part-way', () => {
  // imapflow answers a SEARCH that failed, server refusal or lost connection, with `false`.
  it('does not take a UID SEARCH ALL lost with the connection for an empty folder: no stored mail is marked deleted', async () => {
    const box = await mailbox('sear', 6, {}, { condstore: false })
    const other = await otherClient(faults.server, box.user)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // An expunge elsewhere makes the counts differ: without CONDSTORE the pass lists all UIDs.
      await expunge(other, 'INBOX', '1')
      const cut = box.proxy.cutReplyTo(/ UID SEARCH ALL/)
      const failed = await settlesWithin(
        'the cut pass',
        box.fixture.error('sync.run', { accountId: box.accountId })
      )
      await cut
      expect(failed.code).toBe('HOST_UNREACHABLE')
      const deleted = box.deletedOnServer
      expect(deleted()).toBe(0)
      expect(box.stats().locations).toBe(6)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(deleted()).toBe(1)
      expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(await serverFolder(other, 'INBOX'))
    } finally {
      await other.logout()
      await close(box)
    }
  })

  it('does not take a listing of older mail lost with the connection for "no older mail": the backfill goes on', async () => {
    const box = await mailbox('olde', 60, {}, { importLimit: 20 })
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(box.stats().messages).toBe(20)
      const inbox = await box.fixture.folder(box.accountId, 'INBOX')
      const backfill = () => box.fixture.backfillOf(box.accountId, inbox.id)
      const cut = box.proxy.cutReplyTo(/ UID SEARCH UID 1:/)
      await box.fixture.call('backfill.start', { folderId: inbox.id })
      await settlesWithin('the cut listing', cut)
      await box.fixture.waitFor('the backfill to report the loss', () => backfill().error !== null)
      // Before, the lost listing read as "nothing older": the backfill said done, and 40 messages
      // were never fetched.
      expect(backfill()).toMatchObject({ state: 'running', error: { code: 'HOST_UNREACHABLE' } })
      expect(box.stats().messages).toBe(20)
      // Pressed the moment the error shows, while the failed run is still winding down.
      await box.fixture.call('backfill.start', { folderId: inbox.id })
      await box.fixture.waitFor('the end of the backfill', () => backfill().state === 'done')
      expect(backfill()).toMatchObject({ done: 60, total: 60, error: null })
      await expectConverged(box, 60)
    } finally {
      await close(box)
    }
  })

  it('does not take a search of the destination lost with the connection for "gone": a retried move leaves nothing marked deleted', async () => {
    const box = await mailbox('movs', 3)
    const other = await otherClient(faults.server, box.user)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { sync } = box.fixture.core.workspace
      const messageId = box.corpus[0]!.messageId
      const pk = box.pkOf(messageId)
      const archive = await box.fixture.folder(box.accountId, 'Archive')
      const deletedOnServer = () =>
        (box.db.prepare('SELECT deleted_on_server AS d FROM messages WHERE id = ?').get(pk) as { d: number })
          .d
      const taskStates = () =>
        (box.db.prepare('SELECT state FROM tasks').all() as Array<{ state: string }>).map((t) => t.state)
      // The MOVE's answer is lost: the server moved the message, Rapport never heard which UID it
      // got. The retry finds it gone from INBOX and looks for it in Archive by Message-ID: that
      // search is lost too. (Both armed now: the move pushes its task at once.)
      const movedUnheard = box.proxy.cutReplyTo(/ UID MOVE /)
      const searchLost = box.proxy.cutReplyTo(/ UID SEARCH HEADER Message-ID /i)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: archive.id })
      await settlesWithin('the cut after MOVE', movedUnheard)
      await sync.pushTasks(box.accountId)
      await settlesWithin('the cut search', searchLost)
      expect(deletedOnServer()).toBe(0)
      expect(taskStates()).toEqual(['pending'])
      await sync.pushTasks(box.accountId)
      expect(taskStates()).toEqual([]) // done, and so gone from the queue
      expect(deletedOnServer()).toBe(0)
      for (const path of ['INBOX', 'Archive'])
        expect(localFolder(box.db, box.accountId, path)).toEqual(await serverFolder(other, path))
      expect(box.stats()).toEqual({ messages: 3, distinctIds: 3, locations: 3 })
    } finally {
      await other.logout()
      await close(box)
    }
  })

  it('keeps what the first MOVE commands of a bulk move moved when a later one is refused for good', async () => {
    const box = await mailbox('bulkf', 1_500)
    const other = await otherClient(faults.server, box.user)
    try {
      await other.mailboxCreate('Tenders')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const tenders = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Tenders'
      )!
      const all = box.corpus.map(
        (m) =>
          (box.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(m.messageId) as { id: number })
            .id
      )
      // Between the first MOVE (1,000 messages) and the second, another program deletes Tenders.
      const deleted = box.proxy.beforeCommand(/ UID MOVE /, 2, () =>
        other.mailboxDelete('Tenders').then(() => undefined)
      )
      await box.fixture.call('messages.move', { messageIds: all, folderId: tenders.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await deleted
      const [task] = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(task).toMatchObject({ kind: 'move', state: 'failed' })
      // The 500 the server refused are back in INBOX; the 1,000 it moved are not, not even as
      // phantoms at UIDs INBOX no longer has.
      const inbox = await serverFolder(other, 'INBOX')
      expect(inbox.size).toBe(500)
      expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(inbox)
    } finally {
      await other.logout()
      await close(box)
    }
  })
})

describe('stopping real time', () => {
  it('does not wait for a login to a server that accepts connections and never greets', async () => {
    const box = await mailbox('quinn', 2)
    try {
      box.fixture.core.startRealtime()
      await box.fixture.waitFor('the first pass', () => box.stats().messages === 2)
      box.proxy.mute()
      box.proxy.cutAll()
      await expect.poll(() => box.proxy.unanswered, { timeout: 10_000 }).toBe(1)
      // Quitting the app goes through this: it waited out both connect timeouts (30 s) before.
      await settlesWithin('stopping real time', box.fixture.core.stopRealtime(), CONNECT_TIMEOUT_MS / 3)
      // The login was given up, not left running: its connection is closed.
      await expect.poll(() => box.proxy.unanswered, { timeout: 2_000 }).toBe(0)
      expect(box.stats().messages).toBe(2)
    } finally {
      await close(box)
    }
  })
  it("does not wait for another pass ahead of the watcher's in the lane, and the watcher's pass does not run", async () => {
    const box = await mailbox('ulla', 2)
    let release = (): void => undefined
    try {
      const messageId = await deliver(box.user, 'Held in FETCH')
      const gate = new Promise<void>((resolve) => (release = resolve))
      let held = (): void => undefined
      const fetching = new Promise<void>((resolve) => (held = resolve))
      // A pass on a session of its own (real time is not on yet), held in its FETCH.
      void box.proxy.beforeCommand(/ FETCH /, 1, () => {
        held()
        return gate
      })
      const pass = box.fixture.call('sync.run', { accountId: box.accountId })
      await fetching
      box.fixture.core.startRealtime()
      const lane = box.fixture.core.workspace.sync.lane(box.accountId)
      await expect.poll(() => lane.hasWaiting, { timeout: 10_000 }).toBe(true)
      const accepted = box.proxy.accepted

      // Quitting, disconnecting or changing the poll interval waited for that pass before.
      await settlesWithin('stopping real time', box.fixture.core.stopRealtime(), CONNECT_TIMEOUT_MS / 3)
      release()
      await pass
      expect(box.has(messageId)).toBe(true)
      await lane.run(async () => undefined)
      // The stopped watcher's pass, queued behind, did not log in again.
      expect(box.proxy.accepted).toBe(accepted)
    } finally {
      release()
      await close(box)
    }
  })
})

describe('credentials changed on the server', () => {
  it('pauses a connected account in "sign in again" with the server’s reason when the connection drops, and deletes nothing', async () => {
    const box = await mailbox('hugo', 4)
    try {
      box.fixture.core.startRealtime()
      await box.fixture.waitFor('the first pass', () => box.stats().messages === 4)
      await faults.server.setPassword('hugo', 'changed-elsewhere')
      box.proxy.cutAll() // the session was still logged in; the next login meets the new password
      const state = () => box.fixture.core.workspace.accounts.get(box.accountId).state
      await box.fixture.waitFor('the pause', () => state() === 'needs-signin')
      const [account] = await box.fixture.call('accounts.list', {})
      // Dovecot's own words reach the user.
      expect(account!.stateReason).toMatch(/Authentication failed/)
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      expect(box.stats()).toEqual({ messages: 4, distinctIds: 4, locations: 4 })
      // Paused means paused: no retry loop against the server.
      expect(await box.fixture.error('sync.run', { accountId: box.accountId })).toMatchObject({
        code: 'AUTH_FAILED'
      })
    } finally {
      await close(box)
    }
  })

  it('pauses the account in "sign in again" with the server’s reason when a one-shot sync.run meets a wrong password, and deletes nothing', async () => {
    const box = await mailbox('ines', 3)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(box.stats()).toEqual({ messages: 3, distinctIds: 3, locations: 3 })
      await faults.server.setPassword('ines', 'changed-elsewhere')
      // No real-time loop runs here: only sync.run (the CLI's `rapport sync`) meets the refusal.
      const refused = await box.fixture.error('sync.run', { accountId: box.accountId })
      expect(refused).toMatchObject({
        code: 'AUTH_FAILED',
        message: expect.stringMatching(/Authentication failed/)
      })
      const [account] = await box.fixture.call('accounts.list', {})
      // Only the server's words: Rapport's English sentence around them is not kept.
      expect(account).toMatchObject({ state: 'needs-signin', stateReason: 'Authentication failed.' })
      expect(refused.message).toContain(`(${account!.stateReason})`)
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      expect(box.stats()).toEqual({ messages: 3, distinctIds: 3, locations: 3 })
      // A second run is refused without a login, and keeps the server's words as the reason.
      expect(await box.fixture.error('sync.run', { accountId: box.accountId })).toMatchObject({
        code: 'AUTH_FAILED',
        message: expect.stringContaining('(Authentication failed.). Sign in again.')
      })
      // Nor does a vaguer failure reported later (the watcher's own "sign in again") replace them.
      const { sync, accounts } = box.fixture.core.workspace
      sync.noteAuthFailure(accounts.get(box.accountId), new CoreError('AUTH_FAILED', 'Sign in again.'))
      const [again] = await box.fixture.call('accounts.list', {})
      expect(again!.stateReason).toBe('Authentication failed.')
    } finally {
      await close(box)
    }
  })
})

describe('an invalid TLS certificate', () => {
  const CLIENT_SECRETS = ['LOGIN', 'AUTHENTICATE', 'ivy-pw', 'jack-pw']

  /** What the client sent in the clear: everything before a TLS handshake started, per connection. */
  function plaintextSent(proxy: TcpProxy): string[] {
    return proxy.clientBytes().map((bytes) => {
      const text = bytes.toString('latin1')
      const handshake = bytes.indexOf(0x16) // a TLS record header: from here on it is ciphertext
      return handshake === -1 ? text : text.slice(0, handshake)
    })
  }

  it('is refused over implicit TLS with TLS_INVALID, on adding the account and on sync, with no plaintext fallback', async () => {
    const user: MailUser = { user: 'ivy', password: 'ivy-pw' }
    await faults.server.addUser(user.user, user.password)
    const proxy = await startTcpProxy({ host: faults.server.host, port: faults.server.imapsPort })
    const fixture = new CoreFixture()
    try {
      const input = {
        email: 'ivy@example.test',
        user: user.user,
        password: user.password,
        imap: { host: proxy.host, port: proxy.port, security: 'tls' as const },
        smtp: { host: proxy.host, port: 1, security: 'tls' as const }
      }
      expect(await settlesWithin('accounts.add', fixture.error('accounts.add', input))).toMatchObject({
        code: 'TLS_INVALID',
        field: 'imap.host'
      })
      const account = await fixture.call('accounts.add', { ...input, skipVerify: true })
      expect(
        await settlesWithin('sync.run', fixture.error('sync.run', { accountId: account.id }))
      ).toMatchObject({ code: 'TLS_INVALID' })
      expect(proxy.accepted).toBeGreaterThanOrEqual(2)
      // Every connection opened with a TLS ClientHello, and nothing went in the clear.
      for (const bytes of proxy.clientBytes()) expect(bytes[0]).toBe(0x16)
      for (const text of plaintextSent(proxy)) for (const s of CLIENT_SECRETS) expect(text).not.toContain(s)
    } finally {
      fixture.close()
      await proxy.close()
    }
  })

  it('is refused after STARTTLS with TLS_INVALID, and the password never crosses in the clear', async () => {
    const user: MailUser = { user: 'jack', password: 'jack-pw' }
    await faults.server.addUser(user.user, user.password)
    const proxy = await startTcpProxy({ host: faults.server.host, port: faults.server.imapPort })
    const fixture = new CoreFixture()
    try {
      const refused = await settlesWithin(
        'accounts.add',
        fixture.error('accounts.add', {
          email: 'jack@example.test',
          user: user.user,
          password: user.password,
          imap: { host: proxy.host, port: proxy.port, security: 'starttls' },
          smtp: { host: proxy.host, port: 1, security: 'starttls' }
        })
      )
      expect(refused).toMatchObject({ code: 'TLS_INVALID', field: 'imap.host' })
      const sent = plaintextSent(proxy)
      expect(sent.length).toBeGreaterThanOrEqual(1)
      for (const text of sent) {
        expect(text).toMatch(/STARTTLS/)
        for (const s of CLIENT_SECRETS) expect(text).not.toContain(s)
      }
    } finally {
      fixture.close()
      await proxy.close()
    }
  })
})
