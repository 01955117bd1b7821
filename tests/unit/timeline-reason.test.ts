// Why a timeline event happened: the core records a reason code (TimelineReason, which every
// recording path is typed against), and the timeline says it in each language after the event.
import { beforeAll, describe, expect, it } from 'vitest'
import type { TFunction } from 'i18next'
import { TimelineReason } from '../../src-preload/contract'
import type { StoreContext } from '../../src-main/core/store/message-store'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { eventSentence } from '../../src-renderer/src/features/conversation-thread/event-sentence'
import { addr, crmWorkspace, HOUR, ME, message, type CrmWorkspace } from './fixtures/crm-workspace'
import { inLanguage, locale } from './fixtures/in-language'

const languages = ['en', 'id', 'zh-CN'] as const

/** Every reason on the workspace's timeline, whatever the event. */
const recordedReasons = (ws: CrmWorkspace) =>
  new Set(
    (ws.db.prepare('SELECT data_json FROM events').all() as Array<{ data_json: string }>)
      .map((row) => (JSON.parse(row.data_json) as { reason?: unknown }).reason)
      .filter((reason) => reason !== undefined)
  )

/** Mail that the server put in `specialUse` (Junk or Trash) before Rapport saw it. */
function storeSetAside(ws: CrmWorkspace, specialUse: string, from: string): void {
  const folders = new FolderRepository(ws.db)
  folders.upsertListed(1, [
    { path: specialUse.slice(1), name: specialUse.slice(1), delimiter: '/', specialUse }
  ])
  const folder = folders.bySpecialUse(1, specialUse)!
  const context: StoreContext = {
    ...ws.context,
    folder: { id: folder.id, uidValidity: 1, isSent: false, specialUse, newFrom: 10 }
  }
  ws.store.storeBatch(context, [
    { uid: 10, flags: [], parsed: message({ date: ws.clock.now(), from: addr(from) }) }
  ])
}

describe('the reasons the core records', () => {
  it('are every TimelineReason and nothing else (no sentences, no raw folder names)', () => {
    const ws = crmWorkspace()
    const user = { kind: 'user' as const, id: ws.me().id }
    // new-mail, from the contact and from the user's own first message.
    const first = ws.receive({ subject: 'Quote', messageId: '<quote@client.test>' })
    ws.storeOne(
      message({ date: ws.clock.now(), from: addr(ME), to: [addr('li@client.test')], subject: 'Hello' })
    )
    // junk, trash.
    storeSetAside(ws, '\\Junk', 'offers@spam.test')
    storeSetAside(ws, '\\Trash', 'old@client.test')
    // owner-not-a-member.
    ws.crm.contacts.create({ emails: ['nadia@client.test'], ownerId: 'gone-member' }, null)
    ws.receive({ from: addr('nadia@client.test') })
    // member-not-found, team-not-found.
    expect(() => ws.crm.conversations.assign(first.conversationId, { memberId: 'nobody' })).toThrow()
    expect(() => ws.crm.conversations.assign(first.conversationId, { teamId: 'no-team' })).toThrow()
    // thread-merged: an open conversation absorbed by a closed one opens it.
    ws.clock.advance(HOUR)
    const absorbed = ws.receive({ subject: 'Invoice', messageId: '<invoice@client.test>' })
    ws.crm.conversations.close(first.conversationId)
    ws.crm.mergeThreads(first.threadId, absorbed.threadId)
    // contact-blocked.
    ws.crm.blocking.block(ws.conversation(first.conversationId).contact_id!, user)

    expect([...recordedReasons(ws)].sort()).toEqual([...TimelineReason.options].sort())
  })
})

describe('the words for each reason', () => {
  it.each(languages)('%s has a phrase for every reason the core records', (lang) => {
    const phrases = (locale(lang) as { crm: { reason: Record<string, string> } }).crm.reason
    const missing = TimelineReason.options.filter((reason) => !phrases[reason]?.trim())
    expect(missing).toEqual([])
  })
})

describe('an event with its reason', () => {
  const t: Partial<Record<(typeof languages)[number], TFunction>> = {}
  beforeAll(async () => {
    for (const lang of languages) t[lang] = (await inLanguage(lang)) as TFunction
  })
  const system = { kind: 'system', id: null }
  const words = (overrides: { actor?: string; to?: string } = {}) => ({
    actor: 'Rapport',
    to: '',
    until: '',
    ...overrides
  })

  it('says why Rapport closed a blocked contact’s conversation, in every language', () => {
    const closed = { type: 'closed', actor: system, data: { from: 'open', reason: 'contact-blocked' } }
    expect(eventSentence(t.en!, closed, words())).toBe('Closed by Rapport: the contact was blocked')
    expect(eventSentence(t.id!, closed, words())).toBe('Ditutup oleh Rapport: kontak diblokir')
    expect(eventSentence(t['zh-CN']!, closed, words())).toBe('由 Rapport 关闭：联系人已被屏蔽')
  })

  it('says that new mail arrived, or that the user sent it', () => {
    const data = { from: 'closed', reason: 'new-mail' }
    const byContact = { type: 'opened', actor: { kind: 'contact', id: null }, data }
    const byUser = { type: 'opened', actor: { kind: 'user', id: 'm1' }, data }
    expect(eventSentence(t.en!, byContact, words({ actor: 'The contact' }))).toBe(
      'Opened by the contact: new mail arrived'
    )
    expect(eventSentence(t.en!, byUser, words({ actor: 'Dewi' }))).toBe('Opened by Dewi: new mail was sent')
    expect(eventSentence(t.id!, byContact, words({ actor: 'Kontak' }))).toBe(
      'Dibuka oleh kontak: email baru masuk'
    )
  })

  it('names a rule or the contact mid-sentence as a phrase, not as a capitalised name', () => {
    const closedBy = (kind: string) => ({ type: 'closed', actor: { kind, id: null }, data: {} })
    expect(eventSentence(t.en!, closedBy('rule'), words({ actor: 'A rule' }))).toBe('Closed by a rule')
    expect(eventSentence(t.id!, closedBy('rule'), words({ actor: 'Sebuah aturan' }))).toBe(
      'Ditutup oleh sebuah aturan'
    )
    expect(eventSentence(t.en!, closedBy('user'), words({ actor: 'Dewi' }))).toBe('Closed by Dewi')
  })

  it('names the member an assignment failed for when it is known, and says why', () => {
    const failed = (reason: string) => ({ type: 'assign_failed', actor: system, data: { reason, to: 'm1' } })
    expect(eventSentence(t.en!, failed('team-not-found'), words({ to: 'Budi' }))).toBe(
      'Assignment to Budi failed: that team did not exist'
    )
    expect(eventSentence(t.en!, failed('owner-not-a-member'), words())).toBe(
      'Assignment failed: the contact’s owner was not a member'
    )
    expect(eventSentence(t.id!, failed('team-not-found'), words({ to: 'Budi' }))).toBe(
      'Penugasan ke Budi gagal: tim itu tidak ada'
    )
    expect(eventSentence(t['zh-CN']!, failed('owner-not-a-member'), words({ to: 'Budi' }))).toBe(
      '分配给 Budi 失败：联系人的负责人不是成员'
    )
  })

  it('leaves out a reason it has no words for rather than show the code or sentence raw', () => {
    const closed = (reason: unknown) => ({ type: 'closed', actor: system, data: { reason } })
    for (const reason of ['There is no member with id 42.', 'quarantine', 42, undefined])
      expect(eventSentence(t.en!, closed(reason), words())).toBe('Closed by Rapport')
  })
})
