// A flag change whose message another program moved away before the change went up. The server
// answers a STORE on a UID it no longer has with a plain OK (RFC 3501), so Rapport finds the
// message gone and makes the change where it went (flags-elsewhere.ts), on a real Dovecot.
import { describe, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { MAX_LOOKS } from '../../src-main/core/sync/flag-pusher'
import { holdPushes } from './fixtures/hold-pushes'
import { expunge, moveOnServer, serverFolder, storedFlags, uidOf } from './fixtures/server-mailbox'
import { closeMailbox, expectInStep, renumber, useSyncMailboxes } from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes()

/**
 * A synced mailbox whose first message the user marks read, with pushes held, while another
 * program moves it to Projects, a folder Rapport does not sync.
 */
async function readThenMovedAway(name: string, hold: { pushing?: boolean } = {}) {
  const box = await mailbox(name, 2)
  await box.fixture.call('sync.run', { accountId: box.accountId })
  await box.other.mailboxCreate('Projects')
  const { messageId } = box.corpus[0]!
  const pk = box.messagePk(messageId)
  const release = holdPushes(box.fixture, box.accountId, hold)
  await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
  await moveOnServer(box.other, 'INBOX', messageId, 'Projects')
  return { box, messageId, pk, sync: box.fixture.core.workspace.sync, release }
}

describe('a flag change on a message another program moved away', () => {
  // Another client's move is answered OK to a STORE on the UID it took away (IMAP says so): the
  // change must still reach the message where it went.
  // The third was found by the convergence test (seed 3): the change looked for the message by
  // Message-ID in its renumbered folder, did not find it there, and was dropped.
  it.each([
    ['archived here', 'rhea'],
    ['moved to Archive by another client', 'rhys'],
    ['moved to Archive by another client that then renumbered INBOX', 'raya']
  ] as const)(
    'read and flagged, then %s (%s), before the change went up: the flags reach the server in Archive',
    async (how, name) => {
      const box = await mailbox(name, 2)
      try {
        await box.fixture.call('sync.run', { accountId: box.accountId })
        const { messageId } = box.corpus[0]!
        const pk = box.messagePk(messageId)
        const release = holdPushes(box.fixture, box.accountId)
        await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true, flagged: true })
        if (how === 'archived here') await box.fixture.call('messages.archive', { messageIds: [pk] })
        else await moveOnServer(box.other, 'INBOX', messageId, 'Archive')
        if (how.endsWith('renumbered INBOX')) await renumber(servers.server, box, 'INBOX', 7070)
        await release()
        expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
        const archive = await serverFolder(box.other, 'Archive')
        expect(archive.get(uidOf(archive, messageId))!.flags).toEqual(['\\Flagged', '\\Seen'])
        // The next pass agrees with the server instead of undoing the user's change.
        await box.fixture.call('sync.run', { accountId: box.accountId })
        expect(storedFlags(box.db, pk)).toEqual(['\\Flagged', '\\Seen'])
        await expectInStep(box, 'INBOX', 'Archive')
      } finally {
        await closeMailbox(box)
      }
    }
  )

  // Found by the convergence test (seed 69): another program moved the message on while the change
  // looked for it folder by folder, into one already searched, and the change was dropped. Here
  // the message waits in a folder Rapport does not sync when the change looks, which is the same
  // for the change: found nowhere.
  it.each([
    ['into Archive', 'Archive', 'rory'],
    ['back into INBOX, at a new UID', 'INBOX', 'roxy']
  ] as const)(
    'found nowhere at first, then moved %s: the next run makes the change there',
    async (_how, to, name) => {
      const { box, messageId, pk, release } = await readThenMovedAway(name)
      try {
        await release()
        // Not dropped: it waits, without an error, for one more look.
        const [waiting, ...others] = await box.fixture.call('tasks.list', { accountId: box.accountId })
        expect(others).toEqual([])
        expect(waiting).toMatchObject({ kind: 'flags', state: 'pending', lastError: null, messageIds: [pk] })
        await moveOnServer(box.other, 'Projects', messageId, to)
        await box.fixture.call('sync.run', { accountId: box.accountId })
        expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
        const there = await serverFolder(box.other, to)
        expect(there.get(uidOf(there, messageId))!.flags).toEqual(['\\Seen'])
        await box.fixture.call('sync.run', { accountId: box.accountId })
        expect(storedFlags(box.db, pk)).toEqual(['\\Seen'])
        await expectInStep(box, 'INBOX', 'Archive')
      } finally {
        await closeMailbox(box)
      }
    }
  )

  it('found nowhere, and then nowhere to be (expunged): the change is dropped, and nothing waits', async () => {
    const box = await mailbox('ross', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      const inbox = await serverFolder(box.other, 'INBOX')
      await expunge(box.other, 'INBOX', String(uidOf(inbox, messageId)))
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toHaveLength(1)
      // The next pass looks again first and finds it nowhere, but Rapport still has it where it
      // was: it may be moving still. The pass then finds it gone from there and marks it deleted;
      // the look after finds it nowhere again, nowhere else to be, and drops the change.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [again] = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(again).toMatchObject({ state: 'pending', attempts: 0, lastError: null })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(box.db.prepare('SELECT deleted_on_server FROM messages WHERE id = ?').get(pk)).toEqual({
        deleted_on_server: 1
      })
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  // The next three were found by a review of the second look.
  it('looking again where it was, takes only a copy come back, not an older message under its Message-ID', async () => {
    const box = await mailbox('nora', 0)
    try {
      const mail = (id: string, subject: string) =>
        `From: ana@client.test\r\nTo: nora@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}@client.test>\r\n\r\nHello\r\n`
      const old = mail('reused', 'Old')
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        old,
        mail('n1', 'One'),
        mail('n2', 'Two'),
        mail('reused', 'New')
      ])
      // The old namesake is below the import window: Rapport has only the new one.
      box.db.prepare('UPDATE accounts SET import_limit = 3').run()
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', {
        messageIds: [box.messagePk('<reused@client.test>')],
        flagged: true
      })
      await expunge(box.other, 'INBOX', '4')
      await release()
      for (let pass = 0; pass < 2; pass++) await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const inbox = await serverFolder(box.other, 'INBOX')
      expect([...inbox.values()].map((m) => m.flags)).toEqual([[], [], []])
    } finally {
      await closeMailbox(box)
    }
  })

  it('found nowhere by an INBOX pass, which then drops the place it left: the second look still finds it', async () => {
    const { box, messageId, pk, sync, release } = await readThenMovedAway('nell', { pushing: false })
    try {
      await release()
      // IDLE saw the expunge: the pass's push looks first, then its sync of INBOX finds it gone.
      await sync.runScope(box.accountId, 'inbox')
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toHaveLength(1)
      expect(
        box.db.prepare('SELECT count(*) AS n FROM message_locations WHERE message_pk = ?').get(pk)
      ).toEqual({
        n: 0
      })
      await moveOnServer(box.other, 'Projects', messageId, 'Archive')
      // A push alone does not look again yet: the other program may still be moving it.
      await sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toHaveLength(1)
      await sync.runScope(box.accountId, 'inbox')
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const archive = await serverFolder(box.other, 'Archive')
      expect(archive.get(uidOf(archive, messageId))!.flags).toEqual(['\\Seen'])
    } finally {
      await closeMailbox(box)
    }
  })

  it('changes waiting for a second look hold back only later changes of their messages, not the others', async () => {
    const box = await mailbox('nina', 4)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const pks = box.corpus.map((m) => box.messagePk(m.messageId))
      const release = holdPushes(box.fixture, box.accountId)
      for (const pk of pks.slice(0, 2))
        await box.fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      // A later change of the first message waits behind its first change.
      await box.fixture.call('messages.setFlags', { messageIds: [pks[0]!], seen: true })
      await box.fixture.call('messages.archive', { messageIds: [pks[3]!] })
      const inbox = await serverFolder(box.other, 'INBOX')
      const gone = box.corpus.slice(0, 2).map((m) => uidOf(inbox, m.messageId))
      await expunge(box.other, 'INBOX', gone.join(','))
      await release()
      // The archive went up at once; the changes of the expunged mail wait for their second look,
      // and the later one waits behind them, untried.
      const waiting = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(waiting.map((t) => [t.kind, t.messageIds, t.attempts, t.lastError])).toEqual([
        ['flags', [pks[0]], 0, null],
        ['flags', [pks[1]], 0, null],
        ['flags', [pks[0]], 0, null]
      ])
      const looks = box.db
        .prepare('SELECT second_look_json IS NOT NULL AS looks FROM tasks ORDER BY id')
        .all()
      expect(looks).toEqual([{ looks: 1 }, { looks: 1 }, { looks: 0 }])
      // Nor do they hold up a change made since, which the user's push takes up at once.
      await box.fixture.call('messages.archive', { messageIds: [pks[2]!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toHaveLength(3)
      const archive = await serverFolder(box.other, 'Archive')
      expect([...archive.values()].map((m) => m.messageId).sort()).toEqual(
        [box.corpus[2]!.messageId, box.corpus[3]!.messageId].sort()
      )
      // The next two passes: the first two are dropped at their third look (the first pass found
      // their mail gone), and then the later change finds no place of its message left.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toHaveLength(3)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
    } finally {
      await closeMailbox(box)
    }
  })

  it('does not wait for a second look where nothing could be found then', async () => {
    const box = await mailbox('nico', 2)
    try {
      // A message without a Message-ID (Rapport makes one up, which no search finds), and one with
      // a copy in Archive too (the change is made there).
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        'From: ana@client.test\r\nTo: nico@example.test\r\nSubject: No id\r\n\r\nHello\r\n'
      ])
      const twice = box.corpus[0]!.messageId
      const inbox = await serverFolder(box.other, 'INBOX')
      const lock = await box.other.getMailboxLock('INBOX')
      try {
        await box.other.messageCopy(String(uidOf(inbox, twice)), 'Archive', { uid: true })
      } finally {
        lock.release()
      }
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const noId = (box.db.prepare("SELECT id FROM messages WHERE subject = 'No id'").get() as { id: number })
        .id
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [noId, box.messagePk(twice)], flagged: true })
      const now = await serverFolder(box.other, 'INBOX')
      await expunge(box.other, 'INBOX', [uidOf(now, twice), Math.max(...now.keys())].join(','))
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const archive = await serverFolder(box.other, 'Archive')
      expect(archive.get(uidOf(archive, twice))!.flags).toEqual(['\\Flagged'])
    } finally {
      await closeMailbox(box)
    }
  })
  it('found nowhere while Rapport still has it where it was (no pass since): looked for at most MAX_LOOKS times', async () => {
    const { box, sync, release } = await readThenMovedAway('noor')
    try {
      await release()
      // Pushes only, each once its wait is over: no pass tells Rapport the message left INBOX.
      const looks = () =>
        (box.db.prepare('SELECT second_look_json AS json FROM tasks').all() as Array<{ json: string }>).map(
          (t) => (JSON.parse(t.json) as { looks: number }).looks
        )
      const seen: number[][] = [looks()]
      while (seen.at(-1)!.length > 0 && seen.length <= MAX_LOOKS) {
        box.db.prepare('UPDATE tasks SET run_after = 0').run()
        await sync.pushTasks(box.accountId)
        seen.push(looks())
      }
      expect(seen).toEqual([[0], [1], [2], [3], []])
      expect(seen).toHaveLength(MAX_LOOKS)
    } finally {
      await closeMailbox(box)
    }
  })
  it('read, then archived here, while another program moves it away: looked for again while the archive waits', async () => {
    const box = await mailbox('nadia', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxCreate('Projects')
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
      // Archived here: Rapport has it in Archive, at no UID yet, until the move goes up.
      await box.fixture.call('messages.archive', { messageIds: [pk] })
      await moveOnServer(box.other, 'INBOX', messageId, 'Projects')
      await release()
      const flagTasks = async () =>
        (await box.fixture.call('tasks.list', { accountId: box.accountId })).filter((t) => t.kind === 'flags')
      expect(await flagTasks()).toHaveLength(1)
      // A push once the wait is over, no pass: nowhere again, but the move's source is its place.
      box.db.prepare('UPDATE tasks SET run_after = 0').run()
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await flagTasks()).toHaveLength(1)
      await moveOnServer(box.other, 'Projects', messageId, 'Trash')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await flagTasks()).toEqual([])
      const trash = await serverFolder(box.other, 'Trash')
      expect(trash.get(uidOf(trash, messageId))!.flags).toEqual(['\\Seen'])
    } finally {
      await closeMailbox(box)
    }
  })
  it('gone from a folder Rapport does not sync, which no pass keeps current: dropped at the next look', async () => {
    const box = await mailbox('nova', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxCreate('Projects')
      await box.other.mailboxCreate('Later')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      // Moved to Projects here: Rapport has it there, but does not sync Projects.
      const projects = await box.fixture.folder(box.accountId, 'Projects')
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: projects.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
      await moveOnServer(box.other, 'Projects', messageId, 'Later')
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toHaveLength(1)
      box.db.prepare('UPDATE tasks SET run_after = 0').run()
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
    } finally {
      await closeMailbox(box)
    }
  })
})
