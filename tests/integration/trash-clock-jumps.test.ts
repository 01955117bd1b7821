// Trash retention across a sleep and a clock set while Rapport runs, against a real Dovecot. A
// wake after weeks (told by the power event, or by the wall clock's jump alone in web mode)
// purges nothing before a pass has seen where the mail is now, as after a start; a clock set a
// year ahead (a dead clock battery, then NTP) gives mail deleted a minute ago its 30 days.
import { rmSync } from 'node:fs'
import type { ImapFlow } from 'imapflow'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { TRASH_RETENTION_MS } from '../../src-main/core/sync/trash-retention'
import { coreCaller } from '../support/core-call'
import type { MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { moveOnServer, otherClient } from './fixtures/server-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

const DAY_MS = 24 * 60 * 60 * 1000

afterEach(() => {
  vi.useRealTimers()
})

/** Wall, monotonic and boot clocks a test moves by hand: asleep, the monotonic one stands still. */
function manualTime(wall: ManualClock) {
  const monotonic = new ManualClock(0)
  const sinceBoot = new ManualClock(0)
  return {
    timeSources: { wall, monotonic, sinceBoot },
    sleep(ms: number) {
      wall.advance(ms)
      sinceBoot.advance(ms)
    },
    pass(ms: number) {
      wall.advance(ms)
      sinceBoot.advance(ms)
      monotonic.advance(ms)
    }
  }
}

/**
 * A mailbox with two messages deleted by the user and on the server's Trash, synced. Returns what
 * the sleep test needs: the fixture, the two Message-IDs and a client of another mail program.
 */
async function twoInTrash(name: string, fixture: CoreFixture) {
  const { user, corpus } = await seededUser(name, 2)
  const [restored, left] = [corpus[0]!.messageId, corpus[1]!.messageId]
  const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
  await fixture.call('sync.run', { accountId })
  const pks = [fixture.messagePk(restored), fixture.messagePk(left)]
  await fixture.call('messages.delete', { messageIds: pks })
  await fixture.pushed(accountId)
  return { user, accountId, restored, left, pks, other: await otherClient(server(), user) }
}

const pkOrNone = (fixture: CoreFixture, messageId: string) =>
  (
    fixture.core.workspace.db.prepare('SELECT id FROM messages WHERE message_id = ?').get(messageId) as
      { id: number } | undefined
  )?.id

async function inboxAndTrash(user: MailUser, messageId: string) {
  return {
    INBOX: await countByMessageId(server(), user, 'INBOX', messageId),
    Trash: await countByMessageId(server(), user, 'Trash', messageId)
  }
}

/** While asleep, the user takes one message back out of Trash on their phone; weeks pass. */
async function restoredElsewhereWhileAsleep(other: ImapFlow, messageId: string): Promise<void> {
  await moveOnServer(other, 'Trash', messageId, 'INBOX')
}

describe('trash retention after the computer slept for weeks', () => {
  it('purges nothing at the wake (power event) until a pass has seen where the mail is now', async () => {
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    const box = await twoInTrash('dormouse', fixture)
    try {
      await restoredElsewhereWhileAsleep(box.other, box.restored)
      clock.advance(TRASH_RETENTION_MS + DAY_MS)
      fixture.core.systemResumed()
      // The hourly sweep, due while asleep, fires at the wake, before the reconnect's pass.
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      await fixture.call('sync.run', { accountId: box.accountId })
      expect(fixture.messagePk(box.restored)).toBe(box.pks[0])
      expect(await inboxAndTrash(box.user, box.restored)).toEqual({ INBOX: 1, Trash: 0 })
      // Once the pass has seen it, the mail still in Trash goes as usual; the other stays.
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect([pkOrNone(fixture, box.restored), pkOrNone(fixture, box.left)]).toEqual([box.pks[0], undefined])
    } finally {
      await box.other.logout().catch(() => box.other.close())
      fixture.close()
    }
  })

  it('purges nothing at the wake told only by the wall clock (no power event, as in web mode) until a pass', async () => {
    const clock = new ManualClock(Date.now())
    const time = manualTime(clock)
    const fixture = new CoreFixture({ clock, sync: { timeSources: time.timeSources } })
    const box = await twoInTrash('hazel', fixture)
    try {
      await restoredElsewhereWhileAsleep(box.other, box.restored)
      time.sleep(TRASH_RETENTION_MS + DAY_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      await fixture.call('sync.run', { accountId: box.accountId })
      expect(fixture.messagePk(box.restored)).toBe(box.pks[0])
      // The time asleep counts: the mail has been in Trash for over 30 days.
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect([pkOrNone(fixture, box.restored), pkOrNone(fixture, box.left)]).toEqual([box.pks[0], undefined])
    } finally {
      await box.other.logout().catch(() => box.other.close())
      fixture.close()
    }
  })
})

describe('trash retention when the clock is set a year ahead while Rapport runs (NTP after a dead clock battery)', () => {
  it('keeps mail deleted a minute before for 30 days from when it was deleted, not from the wrong date', async () => {
    const now = Date.now()
    const clock = new ManualClock(now - 365 * DAY_MS)
    const time = manualTime(clock)
    const fixture = new CoreFixture({ clock, sync: { timeSources: time.timeSources } })
    try {
      const { user, corpus } = await seededUser('rtc', 1)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const pk = fixture.messagePk(corpus[0]!.messageId)
      await fixture.call('messages.delete', { messageIds: [pk] })
      await fixture.pushed(accountId)
      // A minute later, the clock is set right: a year ahead, in no time at all.
      time.pass(60_000)
      clock.set(now)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      await fixture.call('sync.run', { accountId })
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      // Deleted a minute ago, by the clock as it is now: 30 days from then.
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        { messageId: pk, purgeAt: new Date(now - 60_000 + TRASH_RETENTION_MS).toISOString() }
      ])
      time.pass(TRASH_RETENTION_MS - 2 * 60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      time.pass(60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(await fixture.call('trash.list', { accountId })).toEqual([])
    } finally {
      fixture.close()
    }
  })
})

describe('trash retention when Rapport starts with its clock a year ahead, set back while it runs', () => {
  it('purges again once a pass has gone over the mailbox, not only after another restart', async () => {
    const realNow = Date.now()
    const clock = new ManualClock(realNow)
    const first = new CoreFixture({ clock })
    first.core.close()
    const options = { dataDir: first.dataDir, secrets: new MemorySecretStore(null), clock, log: () => {} }
    let core = new Core(options)
    const call = coreCaller(() => core)
    try {
      const { user, corpus } = await seededUser('rewind', 1)
      const { id: accountId } = await call('accounts.add', accountOf(user))
      await call('sync.run', { accountId })
      const pk = core.workspace.db
        .prepare('SELECT id FROM messages WHERE message_id = ?')
        .pluck()
        .get(corpus[0]!.messageId) as number
      await call('messages.delete', { messageIds: [pk] })
      await core.workspace.sync.pushTasks(accountId)
      core.close()
      const [rightNow, monotonicNow] = [Date.now(), performance.now()]
      // Started again with the clock a year ahead, offline: no pass records that time. Timers run as ever.
      vi.useFakeTimers({ toFake: ['Date'], now: rightNow + 365 * DAY_MS, shouldAdvanceTime: true })
      core = new Core(options)
      clock.advance(TRASH_RETENTION_MS + DAY_MS)
      expect(core.workspace.lifecycle.sweepTrash()).toBe(0)
      // NTP sets it right; the hourly sweep, the pass, the next sweep.
      vi.setSystemTime(rightNow + performance.now() - monotonicNow)
      expect(core.workspace.lifecycle.sweepTrash()).toBe(0)
      await call('sync.run', { accountId })
      expect(core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(await call('trash.list', { accountId })).toEqual([])
    } finally {
      core.close()
      rmSync(options.dataDir, { recursive: true, force: true })
    }
  })
})
