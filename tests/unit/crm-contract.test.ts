import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'
import { message } from './fixtures/workspace'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function core(
  dir = mkdtempSync(join(tmpdir(), 'rapport-crm-')),
  clock = new ManualClock(Date.UTC(2026, 0, 5, 10))
) {
  if (!dirs.includes(dir)) dirs.push(dir)
  const c = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined, clock })
  const call = coreCaller(c)
  return { core: c, call, dir, clock }
}

async function withAccount(c: ReturnType<typeof core>) {
  const account = await c.call('accounts.add', {
    email: 'me@rapport.test',
    user: 'me',
    password: 'pw',
    imap: { host: 'imap.example.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.com', port: 465, security: 'tls' },
    skipVerify: true
  })
  const ws = c.core.workspace
  ws.store.storeBatch(
    {
      accountId: account.id,
      threadingEnabled: true,
      ownAddresses: new Set(['me@rapport.test']),
      folder: null
    },
    [
      {
        uid: null,
        flags: [],
        parsed: message({ to: [{ name: '', address: 'me@rapport.test' }], date: c.clock.now() })
      }
    ]
  )
  return account
}

describe('CRM contract', () => {
  it('lists conversations for an inbox with the issue’s fields, and acts on them', async () => {
    const c = core()
    await withAccount(c)
    const [row] = await c.call('conversations.list', {
      inbox: 'all',
      status: 'open',
      unreplied: true,
      sort: 'newest'
    })
    expect(row).toMatchObject({
      status: 'open',
      assigneeId: null,
      teamId: null,
      unreadCount: 1,
      lastDirection: 'in',
      snoozedUntil: null
    })
    expect(Object.keys(row!)).toEqual(
      expect.arrayContaining([
        'id',
        'threadId',
        'contactId',
        'status',
        'assigneeId',
        'teamId',
        'unreadCount',
        'lastMessageAt',
        'lastDirection',
        'snoozedUntil'
      ])
    )
    const snoozed = await c.call('conversations.snooze', { conversationId: row!.id, preset: '1h' })
    expect(snoozed.snoozedUntil).toBe(new Date(Date.UTC(2026, 0, 5, 11)).toISOString())
    const closed = await c.call('conversations.close', { conversationId: row!.id })
    expect(closed.status).toBe('closed')
    const timeline = await c.call('conversations.timeline', { conversationId: row!.id })
    expect(timeline.map((e) => (e.kind === 'event' ? e.type : 'comment'))).toEqual([
      'opened',
      'snoozed',
      'woken',
      'closed'
    ])
    c.core.close()
  })

  it('refuses messages.send to a blocked contact with CONTACT_BLOCKED', async () => {
    const c = core()
    const account = await withAccount(c)
    const [contact] = await c.call('contacts.list', { search: 'carlos' })
    await c.call('contacts.block', { contactId: contact!.id })
    const response = await c.core.dispatch('messages.send', {
      accountId: account.id,
      to: ['carlos@client.test'],
      subject: 'hi',
      text: 'hi'
    })
    expect(response).toMatchObject({ ok: false, error: { code: 'CONTACT_BLOCKED' } })
    expect((await c.call('inboxes.list', {})).map((i) => i.key)).toContain('blocked')
    c.core.close()
  })

  it('snoozes "tomorrow" until 09:00 in the time zone the window sends, and refuses an unknown one', async () => {
    // Monday 5 January 2026, 10:00 UTC: 17:00 in Jakarta.
    const c = core()
    await withAccount(c)
    const [row] = await c.call('conversations.list', { inbox: 'all' })
    const snoozed = await c.call('conversations.snooze', {
      conversationId: row!.id,
      preset: 'tomorrow',
      timeZone: 'Asia/Jakarta'
    })
    expect(snoozed.snoozedUntil).toBe('2026-01-06T02:00:00.000Z')
    const refused = await c.core.dispatch('conversations.snooze', {
      conversationId: row!.id,
      preset: 'next-monday',
      timeZone: 'Asia/Djakarta_Old'
    })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'timeZone', message: expect.stringMatching(/not a time zone/) }
    })
    // Without one (the CLI), the core's own zone, as before.
    const local = await c.call('conversations.snooze', { conversationId: row!.id, preset: 'tomorrow' })
    expect(local.snoozedUntil).toBe(new Date(new Date(2026, 0, 6, 9).getTime()).toISOString())
    c.core.close()
  })

  it('emits a notification event when a snooze wakes after a restart', async () => {
    const c = core()
    await withAccount(c)
    const [row] = await c.call('conversations.list', { inbox: 'all' })
    await c.call('conversations.snooze', { conversationId: row!.id, preset: 'tomorrow' })
    c.core.close()
    c.clock.advance(3 * 24 * 3_600_000)
    const events: string[] = []
    const again = core(c.dir, c.clock)
    again.core.events.subscribe((name) => events.push(name))
    expect((await again.call('conversations.get', { conversationId: row!.id })).status).toBe('open')
    const notifications = await again.call('notifications.list', {})
    expect(notifications).toMatchObject([{ kind: 'snooze-woken', conversationId: row!.id, read: false }])
    again.core.close()
  })

  it('validates conversations.list input: inbox shapes and snooze needs exactly one of preset or until', async () => {
    const c = core()
    expect(
      await c.core.dispatch('conversations.list', { inbox: { team: 'x' }, sort: 'sideways' })
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'sort' }
    })
    expect(await c.core.dispatch('conversations.snooze', { conversationId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' }
    })
    expect(await c.core.dispatch('conversations.close', { conversationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
    c.core.close()
  })

  it('records the mailbox channel on accounts.add and lists the owner as the local member', async () => {
    const c = core()
    await withAccount(c)
    const members = await c.call('members.list', {})
    expect(members).toMatchObject([{ role: 'owner', isLocal: true, email: 'me@rapport.test' }])
    const types = c.core.workspace.db.prepare('SELECT type FROM events').all()
    expect(types).toContainEqual({ type: 'channel_added' })
    c.core.close()
  })
})
