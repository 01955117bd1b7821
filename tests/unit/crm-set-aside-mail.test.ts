import { describe, expect, it } from 'vitest'
import type { StoreContext } from '../../src-main/core/store/message-store'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import {
  addr,
  crmWorkspace,
  eventTypes,
  ids,
  ME,
  message,
  MINUTE,
  type CrmWorkspace
} from './fixtures/crm-workspace'

// Mail that reaches the CRM without a place in the normal inboxes: a blocked contact's mass mail,
// and mail the server's spam filter (or the user elsewhere) put in Junk or Trash before Rapport
// saw it.

const dots = (ws: CrmWorkspace) =>
  ws.crm
    .inboxes()
    .filter((i) => i.dot)
    .map((i) => i.key)
const manyRecipients = () => Array.from({ length: 25 }, (_, i) => addr(`r${i}@elsewhere.test`))

describe('a blocked contact', () => {
  it('keeps their mail to more than 25 recipients out of All and Unassigned, and brings it back on unblock', () => {
    const ws = crmWorkspace()
    const first = ws.receive({ from: addr('spam@client.test'), subject: 'Buy now' })
    const contactId = ws.conversation(first.conversationId).contact_id!
    ws.crm.blocking.block(contactId, { kind: 'user', id: ws.me().id })
    ws.clock.advance(MINUTE)
    // Mail to more than 25 recipients links to no contact; it is still the blocked sender's.
    const mass = ws.receive({
      from: addr('spam@client.test'),
      subject: 'Mega sale',
      to: [addr(ME), ...manyRecipients()]
    })
    expect(ids(ws, { inbox: 'all' })).not.toContain(mass.conversationId)
    expect(ids(ws, { inbox: 'unassigned' })).not.toContain(mass.conversationId)
    expect(ws.crm.inboxes().find((i) => i.key === 'all')!.openCount).toBe(0)
    expect(ids(ws, { inbox: 'blocked' })).toContain(mass.conversationId)
    ws.crm.blocking.unblock(contactId, { kind: 'user', id: ws.me().id })
    expect(ids(ws, { inbox: 'all' })).toContain(mass.conversationId)
  })

  it('moves a conversation that had no contact to Blocked when they write in it', () => {
    const ws = crmWorkspace()
    const spam = ws.receive({ from: addr('spam@client.test'), subject: 'Earlier' })
    ws.crm.blocking.block(ws.conversation(spam.conversationId).contact_id!, { kind: 'user', id: ws.me().id })
    ws.clock.advance(MINUTE)
    // The user's announcement to 26 people (no contact), the blocked contact among them.
    const many = [addr('spam@client.test'), ...manyRecipients()]
    const sent = ws.storeOne(
      message({ date: ws.clock.now(), from: addr(ME), to: many, subject: 'Announcement' })
    )
    expect(ws.conversation(sent.conversationId).contact_id).toBeNull()
    ws.clock.advance(MINUTE)
    ws.followUp(sent, { from: addr('spam@client.test'), to: [addr(ME)], subject: 'Re: Announcement' })
    expect(ws.conversation(sent.conversationId).contact_id).toBe(
      ws.conversation(spam.conversationId).contact_id
    )
    expect(ws.conversation(sent.conversationId).status).toBe('closed')
    expect(ids(ws, { inbox: 'blocked' })).toContain(sent.conversationId)
    expect(ids(ws, { inbox: 'all' })).not.toContain(sent.conversationId)
  })
})

describe.each([
  ['Junk', '\\Junk', 'junk'],
  ['Trash', '\\Trash', 'trash']
])('mail found first in %s', (path, specialUse, reason) => {
  /** The folder's context, as a pass that finds `uid` new since the last one stores it. */
  const setAside = (ws: CrmWorkspace): Partial<StoreContext> => {
    const folders = new FolderRepository(ws.db)
    folders.upsertListed(1, [{ path, name: path, delimiter: '/', specialUse }])
    const folder = folders.bySpecialUse(1, specialUse)!
    return { folder: { id: folder.id, uidValidity: 1, isSent: false, specialUse, newFrom: 10 } }
  }
  const found = (ws: CrmWorkspace, ctx: Partial<StoreContext>, overrides: Parameters<typeof message>[0]) =>
    ws.store.storeBatch({ ...ws.context, ...ctx }, [{ uid: 10, flags: [], parsed: message(overrides) }])

  it('reopens no closed conversation and lights no dot', () => {
    const ws = crmWorkspace()
    const first = ws.receive()
    ws.crm.conversations.close(first.conversationId)
    ws.crm.marks.markSeen(ws.me().id, 'unassigned')
    ws.clock.advance(MINUTE)
    found(ws, setAside(ws), {
      date: ws.clock.now(),
      subject: 'Re: Quote for 500 units',
      inReplyTo: first.messageId,
      references: [first.messageId]
    })
    expect(ws.conversation(first.conversationId).status).toBe('closed')
    expect(dots(ws)).toEqual([])
    // Mail that reaches the inbox still reopens it.
    ws.clock.advance(MINUTE)
    ws.followUp({ messageId: first.messageId })
    expect(ws.conversation(first.conversationId).status).toBe('open')
  })

  it('starts a new sender’s conversation closed, with no dot and no lead', () => {
    const ws = crmWorkspace()
    const stored = found(ws, setAside(ws), {
      date: ws.clock.now(),
      from: addr('stranger@bulk.test'),
      to: [addr('me+lead@rapport.test')],
      subject: 'Cheap watches'
    })
    const conversation = ws.crm.state.ofThread([...stored.threadIds][0]!)!
    expect(conversation.status).toBe('closed')
    expect(ids(ws, { inbox: 'unassigned', status: 'open' })).toEqual([])
    expect(dots(ws)).toEqual([])
    expect(ws.crm.leads.list({ conversationId: conversation.id })).toEqual([])
    expect(ws.crm.timeline.forConversation(conversation.id).at(-1)).toMatchObject({
      type: 'closed',
      data: { reason }
    })
    expect(eventTypes(ws, conversation.id)).not.toContain('opened:contact')
  })
})
