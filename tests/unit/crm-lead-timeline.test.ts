// A lead made or moved by hand is in the activity of the conversation and contact it is linked to,
// as one made by a +lead@ address is; a deleted lead can be brought back (Undo).
import { beforeAll, describe, expect, it } from 'vitest'
import type { TFunction } from 'i18next'
import { eventSentence, leadWords } from '../../src-renderer/src/features/conversation-thread/event-sentence'
import { stageLabel } from '../../src-renderer/src/i18n/stage-label'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'
import { crmWorkspace, type CrmWorkspace } from './fixtures/crm-workspace'
import { inLanguage } from './fixtures/in-language'

const newCore = tempCores('rapport-lead-timeline-')

const user = (ws: CrmWorkspace) => ({ kind: 'user' as const, id: ws.me().id })

/** A conversation from a contact, and a lead on it added from the drawer. */
function leadOnConversation() {
  const ws = crmWorkspace()
  const { conversationId } = ws.receive({ subject: 'Quote for 500 units' })
  const contactId = ws.conversation(conversationId).contact_id!
  const lead = ws.crm.leadChanges.create(
    { title: '500 units', contactIds: [contactId], conversationIds: [conversationId] },
    user(ws)
  )
  const leadEvents = (events: Array<{ type: string; data: Record<string, unknown> }>) =>
    events.filter((e) => e.type.startsWith('lead_')).map((e) => ({ type: e.type, ...e.data }))
  return {
    ws,
    lead,
    conversationEvents: () => leadEvents(ws.crm.timeline.forConversation(conversationId)),
    contactEvents: () => leadEvents(ws.crm.timeline.forContact(contactId))
  }
}

describe('the timeline of a lead made by hand', () => {
  it('says the lead was made, once in its conversation and once in its contact’s activity', () => {
    const { ws, lead, conversationEvents, contactEvents } = leadOnConversation()
    const created = { type: 'lead_created', leadId: lead.id, title: '500 units' }
    expect(conversationEvents()).toEqual([created])
    expect(contactEvents()).toEqual([created])
    const [event] = ws.crm.timeline
      .forConversation(lead.conversationIds[0]!)
      .filter((e) => e.type === 'lead_created')
    expect(event!.actor).toEqual(user(ws))
  })

  it('says which stage the lead moved from and to, and nothing for a new value', () => {
    const { ws, lead, conversationEvents, contactEvents } = leadOnConversation()
    const [first, second] = ws.crm.leads.stages()
    ws.crm.leadChanges.update(lead.id, { value: 1500 }, user(ws))
    ws.crm.leadChanges.update(lead.id, { stage: second! }, user(ws))
    ws.crm.leadChanges.update(lead.id, { stage: second! }, user(ws))
    const moved = {
      type: 'lead_stage_changed',
      leadId: lead.id,
      title: '500 units',
      fromStage: first,
      toStage: second
    }
    expect(conversationEvents().slice(1)).toEqual([moved])
    expect(contactEvents().slice(1)).toEqual([moved])
  })

  it('says the lead was deleted and, after Undo, restored, in its conversation and its contact’s activity', () => {
    const { ws, lead, conversationEvents, contactEvents } = leadOnConversation()
    ws.crm.leadChanges.remove(lead.id, user(ws))
    ws.crm.leadChanges.restore(lead.id, user(ws))
    // A restore of a lead not deleted changes nothing and says nothing.
    ws.crm.leadChanges.restore(lead.id, user(ws))
    const said = (type: string) => ({ type, leadId: lead.id, title: '500 units' })
    const expected = [said('lead_created'), said('lead_deleted'), said('lead_restored')]
    expect(conversationEvents()).toEqual(expected)
    expect(contactEvents()).toEqual(expected)
    const actors = ws.crm.timeline
      .forConversation(lead.conversationIds[0]!)
      .filter((e) => e.type.startsWith('lead_'))
      .map((e) => e.actor)
    expect(actors).toEqual([user(ws), user(ws), user(ws)])
  })

  it('is in the activity of a contact the lead has no conversation with', () => {
    const ws = crmWorkspace()
    const contact = ws.crm.contacts.create({ displayName: 'Nadia', emails: ['nadia@client.test'] }, null)
    const lead = ws.crm.leadChanges.create({ title: 'Chairs', contactIds: [contact.id] }, user(ws))
    expect(ws.crm.timeline.forContact(contact.id).map((e) => [e.type, e.data.leadId])).toEqual([
      ['lead_created', lead.id]
    ])
  })

  it('records nothing and makes no lead when the lead is refused', () => {
    const ws = crmWorkspace()
    const missing = '00000000-0000-4000-8000-000000000000'
    expect(() => ws.crm.leadChanges.create({ title: 'x', conversationIds: [missing] }, user(ws))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' })
    )
    const { n } = ws.db.prepare("SELECT count(*) AS n FROM events WHERE type LIKE 'lead_%'").get() as {
      n: number
    }
    expect({ leads: ws.crm.leads.list(), events: n }).toEqual({ leads: [], events: 0 })
  })
})

describe('the leads commands', () => {
  it('record the lead in the contact’s activity and announce the events table', async () => {
    const { core } = newCore()
    const tables: string[] = []
    core.events.subscribe((name, payload) => {
      if (name === 'changed') tables.push(...(payload as { tables: string[] }).tables)
    })
    const call = coreCaller(core)
    const contact = await call('contacts.create', { firstName: 'Nadia', emails: ['nadia@client.test'] })
    const lead = await call('leads.create', { title: '200 chairs', contactIds: [contact.id] })
    const [, second] = await call('leads.stages', {})
    await call('leads.update', { leadId: lead.id, stage: second! })
    const activity = await call('contacts.timeline', { contactId: contact.id })
    expect(activity.map((e) => (e.kind === 'event' ? e.type : e.kind))).toEqual([
      'lead_created',
      'lead_stage_changed'
    ])
    expect(tables).toContain('events')
  })

  it('bring a deleted lead back with its links (Undo)', async () => {
    const { core } = newCore()
    const call = coreCaller(core)
    const contact = await call('contacts.create', { firstName: 'Nadia', emails: ['nadia@client.test'] })
    const lead = await call('leads.create', { title: '200 chairs', value: 1200, contactIds: [contact.id] })
    await call('leads.delete', { leadId: lead.id })
    expect(await call('leads.list', { contactId: contact.id })).toEqual([])
    expect(await call('leads.restore', { leadId: lead.id })).toEqual(lead)
    expect(await call('leads.list', { contactId: contact.id })).toEqual([lead])
  })

  it('say in the contact’s activity that the lead was deleted and restored, and announce the events table', async () => {
    const { core } = newCore()
    const call = coreCaller(core)
    const contact = await call('contacts.create', { firstName: 'Nadia', emails: ['nadia@client.test'] })
    const lead = await call('leads.create', { title: '200 chairs', contactIds: [contact.id] })
    const tables: string[][] = []
    core.events.subscribe((name, payload) => {
      if (name === 'changed') tables.push((payload as { tables: string[] }).tables)
    })
    await call('leads.delete', { leadId: lead.id })
    await call('leads.restore', { leadId: lead.id })
    const activity = await call('contacts.timeline', { contactId: contact.id })
    expect(activity.map((e) => (e.kind === 'event' ? [e.type, e.data.title] : [e.kind]))).toEqual([
      ['lead_created', '200 chairs'],
      ['lead_deleted', '200 chairs'],
      ['lead_restored', '200 chairs']
    ])
    expect(tables.map((t) => t.includes('events'))).toEqual([true, true])
  })

  it('bring a deleted lead back on the first stage when the pipeline left its stage out meanwhile', async () => {
    const { core } = newCore()
    const call = coreCaller(core)
    await call('leads.setStages', { stages: ['New', 'Proposal', 'Won'] })
    const lead = await call('leads.create', { title: '200 chairs', stage: 'Proposal' })
    await call('leads.delete', { leadId: lead.id })
    // Only a deleted lead is on Proposal: the pipeline may leave it out.
    await call('leads.setStages', { stages: ['New', 'Won'] })
    expect(await call('leads.restore', { leadId: lead.id })).toMatchObject({ id: lead.id, stage: 'New' })
  })
})

describe('the words for a lead event', () => {
  const t: Record<string, TFunction> = {}
  beforeAll(async () => {
    for (const lang of ['en', 'id', 'zh-CN']) t[lang] = (await inLanguage(lang)) as TFunction
  })
  const say = (lang: string, type: string, data: Record<string, unknown>, actor = 'Dewi') =>
    eventSentence(
      t[lang]!,
      { type, actor: { kind: 'user' }, data },
      { actor, to: '', until: '', ...leadWords(data, (stage) => stageLabel(t[lang]!, stage)) }
    )

  it('names the lead made and who made it, in every language', () => {
    const data = { leadId: 'l1', title: '200 chairs' }
    expect(say('en', 'lead_created', data)).toBe('Dewi created the lead “200 chairs”')
    expect(say('id', 'lead_created', data)).toBe('Dewi membuat prospek “200 chairs”')
    expect(say('zh-CN', 'lead_created', data)).toBe('Dewi 创建了商机“200 chairs”')
    // Made by a +lead@ address: recorded without a title, said as before.
    expect(say('en', 'lead_created', { leadId: 'l1' }, 'A rule')).toBe('A lead was created')
  })

  it('names the stages a lead moved between, in every language, a default stage translated', () => {
    const data = { leadId: 'l1', title: '200 chairs', fromStage: 'New', toStage: 'Won' }
    expect(say('en', 'lead_stage_changed', data)).toBe('Dewi moved the lead “200 chairs” from New to Won')
    expect(say('id', 'lead_stage_changed', data)).toBe(
      'Dewi memindahkan prospek “200 chairs” dari Baru ke Menang'
    )
    expect(say('zh-CN', 'lead_stage_changed', data)).toBe('Dewi 将商机“200 chairs”从 新建 移到 赢单')
    // A stage the team named itself is its own name in every language.
    const own = { ...data, toStage: 'Quote sent' }
    expect(say('zh-CN', 'lead_stage_changed', own)).toBe('Dewi 将商机“200 chairs”从 新建 移到 Quote sent')
  })

  it('names the lead deleted and restored, in every language', () => {
    const data = { leadId: 'l1', title: '200 chairs' }
    expect(say('en', 'lead_deleted', data)).toBe('Dewi deleted the lead “200 chairs”')
    expect(say('id', 'lead_deleted', data)).toBe('Dewi menghapus prospek “200 chairs”')
    expect(say('zh-CN', 'lead_deleted', data)).toBe('Dewi 删除了商机“200 chairs”')
    expect(say('en', 'lead_restored', data)).toBe('Dewi restored the lead “200 chairs”')
    expect(say('id', 'lead_restored', data)).toBe('Dewi memulihkan prospek “200 chairs”')
    expect(say('zh-CN', 'lead_restored', data)).toBe('Dewi 恢复了商机“200 chairs”')
  })
})

describe('the timeline of a lead whose links changed under it', () => {
  it('moves a lead whose conversation went with its mailbox, saying so in its contact’s activity', () => {
    const { ws, lead, contactEvents } = leadOnConversation()
    const [, second] = ws.crm.leads.stages()
    // Deleting a mailbox (accounts.remove) cascades to its conversations; lead links have no
    // foreign key and stay, and the contact, worked on (it has the lead), stays too.
    ws.db.prepare('DELETE FROM accounts WHERE id = 1').run()
    expect(ws.crm.leadChanges.update(lead.id, { stage: second! }, user(ws)).stage).toBe(second)
    // (lead_created named the conversation too, and went with it.)
    expect(contactEvents().map((e) => e.type)).toEqual(['lead_stage_changed'])
  })

  it('is in its contact’s activity once when it is linked to two of the contact’s conversations', () => {
    const ws = crmWorkspace()
    const first = ws.receive({ subject: 'Quote for 500 units', messageId: '<a@client.test>' })
    const second = ws.receive({ subject: 'Delivery dates', messageId: '<b@client.test>' })
    const contactId = ws.conversation(first.conversationId).contact_id!
    expect(ws.conversation(second.conversationId).contact_id).toBe(contactId)
    ws.crm.leadChanges.create(
      {
        title: '500 units',
        contactIds: [contactId],
        conversationIds: [first.conversationId, second.conversationId]
      },
      user(ws)
    )
    const created = (events: Array<{ type: string }>) => events.filter((e) => e.type === 'lead_created')
    expect(created(ws.crm.timeline.forContact(contactId))).toHaveLength(1)
    expect(created(ws.crm.timeline.forConversation(first.conversationId))).toHaveLength(1)
    expect(created(ws.crm.timeline.forConversation(second.conversationId))).toHaveLength(1)
  })
})
