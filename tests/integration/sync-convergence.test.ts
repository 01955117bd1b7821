// Model-based convergence: another mail program changes the mailbox at random (new mail,
// expunges, flag changes, moves between INBOX and Archive, and a UIDVALIDITY change made with
// `doveadm mailbox update --uid-validity`) while Rapport syncs now and then and the user acts
// locally too (flags, moves, delete to Trash). After a final sync, Rapport's view of every synced folder must be
// exactly the server's: the same messages at the same UIDs with the same flags.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { startDovecot, type DovecotServer } from '../support/dovecot'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { localFolder, otherClient, serverFolder } from './fixtures/server-mailbox'

const OPERATIONS = 220
const FOLDERS = ['INBOX', 'Archive'] as const
const SYNCED = ['INBOX', 'Archive', 'Drafts', 'Junk', 'Sent', 'Trash']

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [] })
})

afterAll(async () => {
  await server?.stop()
})

/** mulberry32: the same seed replays the same run. */
function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p
  }
}

async function uidsIn(client: ImapFlow, folder: string): Promise<number[]> {
  const lock = await client.getMailboxLock(folder)
  try {
    return client.mailbox && client.mailbox.exists > 0
      ? (await client.search({ all: true }, { uid: true })) || []
      : []
  } finally {
    lock.release()
  }
}

describe('convergence with changes from another client', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`ends with the server's state after ${OPERATIONS} random operations (seed ${seed})`, async () => {
      const name = `conv${seed}`
      await server.addUser(name, 'pw')
      const user = { user: name, password: 'pw' }
      const random = rng(seed)
      const pool = await generateCorpus({ seed: 100 + seed, count: 120, selfAddress: `${name}@example.test` })
      const fixture = new CoreFixture()
      let other = await otherClient(server, user)
      try {
        for (const m of pool.splice(0, 20))
          await other.append('INBOX', m.raw, random.chance(0.5) ? ['\\Seen'] : [])
        const { id: accountId } = await fixture.call('accounts.add', {
          ...accountInput(server, 1, user),
          importLimit: 'all',
          skipVerify: true
        })
        await fixture.call('sync.run', { accountId })
        const db = fixture.core.workspace.db
        const counts: Record<string, number> = {}
        // The model: the flags the user set, by Message-ID, for messages the other client has not
        // changed or expunged since. Whatever else happens to them (moves, a renumbering), the
        // server must end with these flags, or a local change was lost.
        const expected = new Map<string, { seen: boolean; flagged: boolean }>()
        for (let op = 0; op < OPERATIONS; op++) {
          const folder = random.pick(FOLDERS)
          const kind = random.chance(0.03)
            ? 'uidvalidity'
            : pool.length > 0 && random.chance(0.2)
              ? 'append'
              : random.pick(['expunge', 'flag', 'flag', 'move', 'move', 'local', 'sync'] as const)
          counts[kind] = (counts[kind] ?? 0) + 1
          if (kind === 'append') {
            await other.append(folder, pool.pop()!.raw, random.chance(0.3) ? ['\\Seen'] : [])
            continue
          }
          if (kind === 'uidvalidity') {
            // The server renumbers the folder (a restore, a migration): every stored UID is void.
            await other.logout().catch(() => other.close())
            const uidValidity = String(10_000 * seed + op + 1)
            await server.doveadm(['mailbox', 'update', '-u', name, '--uid-validity', uidValidity, folder])
            other = await otherClient(server, user)
            continue
          }
          if (kind === 'sync') {
            await fixture.call('sync.run', { accountId })
            continue
          }
          if (kind === 'local') {
            const rows = db
              .prepare('SELECT DISTINCT message_pk AS id FROM message_locations WHERE uid > 0')
              .all() as Array<{
              id: number
            }>
            if (rows.length === 0) continue
            const messageIds = [random.pick(rows).id]
            if (random.chance(0.5)) {
              const seen = random.chance(0.5)
              const flagged = random.chance(0.5)
              await fixture.call('messages.setFlags', { messageIds, seen, flagged })
              const { id } = db
                .prepare('SELECT message_id AS id FROM messages WHERE id = ?')
                .get(messageIds[0]) as {
                id: string
              }
              expected.set(id, { seen, flagged })
            } else if (random.chance(0.3)) {
              await fixture.call('messages.delete', { messageIds })
            } else {
              const folders = await fixture.call('folders.list', { accountId })
              const wanted = random.pick(FOLDERS)
              const target = folders.find((f) => f.path === wanted)!
              await fixture.call('messages.move', { messageIds, folderId: target.id })
            }
            continue
          }
          const uids = await uidsIn(other, folder)
          if (uids.length === 0) continue
          const uid = String(random.pick(uids))
          const lock = await other.getMailboxLock(folder)
          try {
            if (kind !== 'move') {
              // Changed or expunged by the other client now: its flags are no longer the user's.
              const touched = await other.fetchOne(uid, { envelope: true }, { uid: true })
              if (touched && touched.envelope?.messageId) expected.delete(touched.envelope.messageId)
            }
            if (kind === 'expunge') await other.messageDelete(uid, { uid: true })
            else if (kind === 'move')
              await other.messageMove(uid, folder === 'INBOX' ? 'Archive' : 'INBOX', { uid: true })
            else {
              const flag = random.pick(['\\Seen', '\\Flagged', '\\Answered'])
              if (random.chance(0.5)) await other.messageFlagsAdd(uid, [flag], { uid: true })
              else await other.messageFlagsRemove(uid, [flag], { uid: true })
            }
          } finally {
            lock.release()
          }
        }
        await fixture.call('sync.run', { accountId })
        // A user action pushed by the final sync (a move) lands at a new UID: one more pass picks it up.
        await fixture.call('sync.run', { accountId })

        // Every local change went up, but a move the second client's change overtook (it moved or
        // expunged the message first) is reported to the user, not made: the server's state wins.
        const tasks = await fixture.call('tasks.list', { accountId })
        expect(tasks.filter((t) => t.lastErrorCode !== 'CHANGED_ELSEWHERE')).toEqual([])
        expect(tasks.every((t) => t.state === 'failed')).toBe(true)
        const onServer: Array<{ messageId: string; flags: string[] }> = []
        for (const path of SYNCED) {
          const server = await serverFolder(other, path)
          expect(localFolder(db, accountId, path), `${path} (seed ${seed})`).toEqual(server)
          onServer.push(...server.values())
        }
        // And the user's own flag changes are there, wherever the message went.
        expect(expected.size, 'local flag changes the model follows').toBeGreaterThan(0)
        for (const [messageId, { seen, flagged }] of expected) {
          const copies = onServer.filter((m) => m.messageId === messageId)
          expect(copies.length, `${messageId} on the server (seed ${seed})`).toBeGreaterThan(0)
          for (const copy of copies)
            expect(
              { seen: copy.flags.includes('\\Seen'), flagged: copy.flags.includes('\\Flagged') },
              `${messageId} flags (seed ${seed})`
            ).toEqual({ seen, flagged })
        }
        // Nothing hides behind that comparison: one row per message, no location left from an
        // old UIDVALIDITY (the comparison reads only the current one), and each folder's
        // UIDVALIDITY is the server's.
        const count = (sql: string) => (db.prepare(sql).get(accountId) as { n: number }).n
        expect(
          count('SELECT count(*) - count(DISTINCT message_id) AS n FROM messages WHERE account_id = ?'),
          'local duplicates'
        ).toBe(0)
        expect(
          count(`SELECT count(*) AS n FROM message_locations l JOIN folders f ON f.id = l.folder_id
                   WHERE f.account_id = ? AND l.uid_validity != f.uid_validity`),
          'locations from an old UIDVALIDITY'
        ).toBe(0)
        for (const path of SYNCED) {
          const status = await other.status(path, { uidValidity: true })
          if (!status) throw new Error(`STATUS ${path} failed`)
          const local = db
            .prepare('SELECT uid_validity AS v FROM folders WHERE account_id = ? AND path = ?')
            .get(accountId, path) as { v: number }
          expect(local.v, `${path} UIDVALIDITY (seed ${seed})`).toBe(Number(status.uidValidity))
        }
        const orphans = db
          .prepare(
            `SELECT count(*) AS n FROM messages m WHERE deleted_on_server != NOT EXISTS
               (SELECT 1 FROM message_locations l WHERE l.message_pk = m.id)`
          )
          .get() as { n: number }
        expect(orphans.n, 'deleted_on_server marks exactly the messages with no location').toBe(0)
        expect(counts.sync ?? 0).toBeGreaterThan(5)
        expect(counts.uidvalidity ?? 0, 'UIDVALIDITY changes in this run').toBeGreaterThan(0)
      } finally {
        await other.logout().catch(() => other.close())
        fixture.close()
      }
    })
  }
})
