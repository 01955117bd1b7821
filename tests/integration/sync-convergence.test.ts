// Model-based convergence: another mail program changes the mailbox at random (new mail,
// expunges, flag changes, moves between any two synced folders, and a UIDVALIDITY change made
// with `doveadm mailbox update --uid-validity`), in every synced folder, Trash and Sent included,
// while Rapport syncs now and then and the user acts locally too (flags, moves to another folder,
// delete to Trash). After a final sync, Rapport's view of every synced folder must be exactly the
// server's: the same messages at the same UIDs with the same flags, and each message's own flags
// (what the list shows as read or starred) those of its copies on the server.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { startDovecot, type DovecotServer } from '../support/dovecot'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { localFolder, otherClient, serverFolder } from './fixtures/server-mailbox'

const OPERATIONS = 220
// The other client acts in every folder Rapport syncs, and the user moves mail between them.
const SYNCED = ['INBOX', 'Archive', 'Drafts', 'Junk', 'Sent', 'Trash'] as const
// Each run must make at least this many of each kind of change, so that a change to the
// generator cannot quietly stop making one (the four seeds make at least twice as many).
const FLOORS = {
  append: 20,
  expunge: 8,
  flag: 15,
  move: 15,
  uidvalidity: 2,
  sync: 8,
  'local flags': 8,
  'local delete': 2,
  'local move': 6
} as const
// And the other client's expunges, flag changes and moves reach each folder, Trash and Sent too.
const PER_FOLDER_FLOOR = 4

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
        // Changes actually made (a pick that found nothing to change is not counted), by kind
        // and by folder the other client changed.
        const counts: Record<string, number> = {}
        const byFolder: Record<string, number> = {}
        const made = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1)
        // The model: the flags the user set, by Message-ID, for messages the other client has not
        // changed or expunged since. Whatever else happens to them (moves, a renumbering), the
        // server must end with these flags, or a local change was lost. A change the user makes
        // to mail the other client expunged before Rapport synced it has nowhere to land.
        const expected = new Map<string, { seen: boolean; flagged: boolean }>()
        const expunged = new Set<string>()
        for (let op = 0; op < OPERATIONS; op++) {
          const folder = random.pick(SYNCED)
          const kind = random.chance(0.035)
            ? 'uidvalidity'
            : pool.length > 0 && random.chance(0.2)
              ? 'append'
              : random.pick(['expunge', 'flag', 'flag', 'move', 'move', 'local', 'local', 'sync'] as const)
          if (kind === 'append') {
            await other.append(folder, pool.pop()!.raw, random.chance(0.3) ? ['\\Seen'] : [])
            made(kind)
            continue
          }
          if (kind === 'uidvalidity') {
            // The server renumbers the folder (a restore, a migration): every stored UID is void.
            await other.logout().catch(() => other.close())
            const uidValidity = String(10_000 * seed + op + 1)
            await server.doveadm(['mailbox', 'update', '-u', name, '--uid-validity', uidValidity, folder])
            other = await otherClient(server, user)
            made(kind)
            continue
          }
          if (kind === 'sync') {
            await fixture.call('sync.run', { accountId })
            made(kind)
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
            // Where the message is now (a move not pushed yet included): a move goes elsewhere,
            // and a delete of mail only in Trash would change nothing.
            const here = (
              db
                .prepare(
                  `SELECT DISTINCT f.path FROM message_locations l JOIN folders f ON f.id = l.folder_id
                   WHERE l.message_pk = ?`
                )
                .all(messageIds[0]) as Array<{ path: string }>
            ).map((r) => r.path)
            const action = random.chance(0.4) ? 'flags' : random.chance(0.4) ? 'delete' : 'move'
            if (action === 'flags') {
              const seen = random.chance(0.5)
              const flagged = random.chance(0.5)
              await fixture.call('messages.setFlags', { messageIds, seen, flagged })
              const { id } = db
                .prepare('SELECT message_id AS id FROM messages WHERE id = ?')
                .get(messageIds[0]) as {
                id: string
              }
              if (!expunged.has(id)) expected.set(id, { seen, flagged })
              made('local flags')
            } else if (action === 'delete') {
              if (here.every((path) => path === 'Trash')) continue
              await fixture.call('messages.delete', { messageIds })
              made('local delete')
            } else {
              const elsewhere = SYNCED.filter((path) => !here.includes(path))
              if (elsewhere.length === 0) continue
              const folders = await fixture.call('folders.list', { accountId })
              const wanted = random.pick(elsewhere)
              const target = folders.find((f) => f.path === wanted)!
              await fixture.call('messages.move', { messageIds, folderId: target.id })
              made('local move')
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
              const messageId = touched ? touched.envelope?.messageId : undefined
              if (messageId) expected.delete(messageId)
              if (messageId && kind === 'expunge') expunged.add(messageId)
            }
            if (kind === 'expunge') await other.messageDelete(uid, { uid: true })
            else if (kind === 'move')
              await other.messageMove(uid, random.pick(SYNCED.filter((f) => f !== folder)), { uid: true })
            else {
              const flag = random.pick(['\\Seen', '\\Flagged', '\\Answered'])
              if (random.chance(0.5)) await other.messageFlagsAdd(uid, [flag], { uid: true })
              else await other.messageFlagsRemove(uid, [flag], { uid: true })
            }
          } finally {
            lock.release()
          }
          made(kind)
          byFolder[folder] = (byFolder[folder] ?? 0) + 1
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
        // What the list shows: a message's own flags are the union of its copies' flags, and it is
        // read when a copy is \Seen (sent mail always counts as read): message-flags.ts.
        const union = new Map<string, Set<string>>()
        for (const m of onServer)
          union.set(m.messageId, new Set([...(union.get(m.messageId) ?? []), ...m.flags]))
        const stored = db
          .prepare(
            `SELECT message_id, flags_json, is_seen, direction FROM messages m WHERE account_id = ?
               AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_pk = m.id)`
          )
          .all(accountId) as Array<{
          message_id: string
          flags_json: string
          is_seen: number
          direction: string
        }>
        expect(stored.length, `located messages = messages on the server (seed ${seed})`).toBe(union.size)
        for (const m of stored) {
          const flags = [...(union.get(m.message_id) ?? ['(not on the server)'])].sort()
          expect(
            { flags: JSON.parse(m.flags_json) as string[], isSeen: m.is_seen },
            `${m.message_id} message flags (seed ${seed})`
          ).toEqual({ flags, isSeen: flags.includes('\\Seen') || m.direction === 'out' ? 1 : 0 })
        }
        for (const [kind, floor] of Object.entries(FLOORS))
          expect(counts[kind] ?? 0, `${kind} changes (seed ${seed})`).toBeGreaterThanOrEqual(floor)
        for (const path of SYNCED)
          expect(
            byFolder[path] ?? 0,
            `other client's changes in ${path} (seed ${seed})`
          ).toBeGreaterThanOrEqual(PER_FOLDER_FLOOR)
      } finally {
        await other.logout().catch(() => other.close())
        fixture.close()
      }
    })
  }
})
