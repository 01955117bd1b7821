// Incremental passes that do not list every UID of a folder: QRESYNC (VANISHED) when the server
// offers it, the message count otherwise. Each must end with exactly the server's state, as the
// full listing does, and HIGHESTMODSEQ must never run ahead of the mail that is stored.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportLimit } from '../../src-preload/contract'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { localFolder, otherClient, serverFolder } from './fixtures/server-mailbox'
import { settlesWithin } from './fixtures/fault-mailbox'

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [] })
})

afterAll(async () => {
  await server?.stop()
})

type Box = Awaited<ReturnType<typeof mailbox>>

/** A fresh user with `count` messages in INBOX, a core that reaches Dovecot through a recording proxy. */
async function mailbox(name: string, count: number, opts: { condstore?: boolean; limit?: ImportLimit } = {}) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const append = async (n: number, seed: number) => {
    const corpus = await generateCorpus({ seed, count: n, selfAddress: `${name}@example.test` })
    await appendMessages(
      server,
      user.user,
      user.password,
      'INBOX',
      corpus.map((m) => ({ raw: m.raw }))
    )
  }
  await append(count, name.length * 13)
  const proxy: TcpProxy = await startTcpProxy({ host: server.host, port: server.imapPort })
  const fixture = new CoreFixture({ sync: { condstore: opts.condstore ?? true } })
  const { id: accountId } = await fixture.call('accounts.add', {
    email: `${name}@example.test`,
    user: user.user,
    password: user.password,
    imap: { host: proxy.host, port: proxy.port, security: 'none' },
    smtp: { host: proxy.host, port: 1, security: 'none' },
    importLimit: opts.limit ?? 'all',
    skipVerify: true
  })
  const other: ImapFlow = await otherClient(server, user)
  const db = fixture.core.workspace.db
  const sync = () => fixture.call('sync.run', { accountId })
  /** Runs one sync.run and returns the IMAP commands it sent. */
  const syncSent = async () => {
    const before = proxy.clientBytes().length
    await sync()
    return proxy
      .clientBytes()
      .slice(before)
      .map((b) => b.toString('latin1'))
      .join('')
  }
  const inboxModseq = () =>
    (db.prepare("SELECT highest_modseq AS m FROM folders WHERE path = 'INBOX'").get() as { m: string | null })
      .m
  return { user, proxy, fixture, accountId, other, db, sync, syncSent, append, inboxModseq }
}

async function close(box: Box) {
  await box.other.logout().catch(() => box.other.close())
  box.fixture.close()
  await box.proxy.close()
}

async function serverUids(box: Box): Promise<number[]> {
  return [...(await serverFolder(box.other, 'INBOX')).keys()].sort((a, b) => a - b)
}

async function onServer(box: Box, change: (client: ImapFlow) => Promise<unknown>) {
  const lock = await box.other.getMailboxLock('INBOX')
  try {
    await change(box.other)
  } finally {
    lock.release()
  }
}

async function expectInboxConverged(box: Box) {
  expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(await serverFolder(box.other, 'INBOX'))
}

const FULL_LISTING = /UID SEARCH ALL/i

describe('incremental passes without a full UID listing', () => {
  it('with QRESYNC, applies new mail, expunges and flag changes from VANISHED and CHANGEDSINCE alone', async () => {
    const box = await mailbox('quinn', 30)
    try {
      await box.sync()
      const uids = await serverUids(box)
      await onServer(box, async (c) => {
        await c.messageDelete(`${uids[3]},${uids[20]}`, { uid: true })
        await c.messageFlagsAdd(String(uids[7]), ['\\Flagged'], { uid: true })
      })
      await box.append(3, 901)
      const sent = await box.syncSent()
      expect(sent).toMatch(/CHANGEDSINCE \d+ VANISHED/)
      expect(sent).not.toMatch(FULL_LISTING)
      await expectInboxConverged(box)
      expect(localFolder(box.db, box.accountId, 'INBOX').size).toBe(31)
    } finally {
      await close(box)
    }
  })

  it('without QRESYNC, proves "no expunge" by the message count and fetches only the new UIDs; a count that differs falls back to the full listing', async () => {
    const box = await mailbox('cody', 30, { condstore: false })
    try {
      await box.sync()
      await box.append(2, 902)
      const onlyNew = await box.syncSent()
      expect(onlyNew).toMatch(/UID FETCH \d+:\* \(UID( MODSEQ)?\)/)
      expect(onlyNew).not.toMatch(FULL_LISTING)
      await expectInboxConverged(box)

      // One expunged and one new: the count alone cannot tell, so every UID is compared.
      const uids = await serverUids(box)
      await onServer(box, (c) => c.messageDelete(String(uids[10]), { uid: true }))
      await box.append(1, 903)
      expect(await box.syncSent()).toMatch(FULL_LISTING)
      await expectInboxConverged(box)
      expect(localFolder(box.db, box.accountId, 'INBOX').size).toBe(32)
    } finally {
      await close(box)
    }
  })

  it('refills an import window from older mail after an expunge inside it', async () => {
    const box = await mailbox('lima', 12, { limit: 8 })
    try {
      await box.sync()
      const uids = await serverUids(box)
      await onServer(box, (c) => c.messageDelete(String(uids[11]), { uid: true }))
      await box.sync()
      const server = await serverFolder(box.other, 'INBOX')
      const newest8 = new Map([...server].sort(([a], [b]) => a - b).slice(-8))
      expect(localFolder(box.db, box.accountId, 'INBOX')).toEqual(newest8)
    } finally {
      await close(box)
    }
  })

  it('keeps HIGHESTMODSEQ where it was when a pass that listed every UID is cut before its new mail is stored', async () => {
    const box = await mailbox('kara', 10, { limit: 5 })
    try {
      await box.sync()
      const before = box.inboxModseq()
      // Two expunged inside the window leave room for older mail: this pass lists every UID.
      const uids = await serverUids(box)
      await onServer(box, (c) => c.messageDelete(`${uids[8]},${uids[9]}`, { uid: true }))
      await box.append(1, 905)
      const cut = box.proxy.cutMidFetch(10)
      const failed = await settlesWithin(
        'the interrupted sync.run',
        box.fixture.error('sync.run', { accountId: box.accountId })
      )
      await cut
      expect(failed.code).toBe('HOST_UNREACHABLE')
      // The flags were compared, but the new mail is not stored: a QRESYNC pass from a newer
      // HIGHESTMODSEQ would never report it again.
      expect(box.inboxModseq()).toBe(before)
      await box.append(2, 906)
      await box.sync()
      const newest = (await serverUids(box)).slice(-5)
      const local = localFolder(box.db, box.accountId, 'INBOX')
      for (const uid of newest) expect(local.has(uid), `UID ${uid}`).toBe(true)
    } finally {
      await close(box)
    }
  })

  it('keeps HIGHESTMODSEQ where it was when a QRESYNC pass is cut before its new mail is stored, so the next pass still gets all of it', async () => {
    const box = await mailbox('kurt', 10)
    try {
      await box.sync()
      const before = box.inboxModseq()
      expect(before).not.toBeNull()
      await box.append(650, 904)
      let armed: Promise<void> | null = null
      const off = box.fixture.core.events.subscribe((name, payload) => {
        const p = payload as { phase?: string; done?: number }
        if (name === 'sync.progress' && p.phase === 'fetching' && (p.done ?? 0) >= 200 && !armed)
          armed = box.proxy.cutMidFetch(40_000)
      })
      const failed = await settlesWithin(
        'the interrupted sync.run',
        box.fixture.error('sync.run', { accountId: box.accountId })
      )
      off()
      await armed
      expect(failed.code).toBe('HOST_UNREACHABLE')
      expect(localFolder(box.db, box.accountId, 'INBOX').size).toBeLessThan(660)
      expect(box.inboxModseq()).toBe(before)
      await box.sync()
      await expectInboxConverged(box)
      expect(localFolder(box.db, box.accountId, 'INBOX').size).toBe(660)
    } finally {
      await close(box)
    }
  })
})
