import { describe, expect, it } from 'vitest'
import { coreCaller } from '../support/core-call'
import { tempCores } from '../support/temp-core'

// Open UIs re-query what they show when a `changed` event names one of its tables, so every
// CRM mutation behind the contact drawer and settings must announce the tables it wrote.

const newCore = tempCores('rapport-changed-')

function start() {
  const { core } = newCore()
  const seen: Array<{ tables: string[]; ids: Array<string | number> }> = []
  core.events.subscribe((name, payload) => {
    if (name === 'changed') seen.push(payload as (typeof seen)[number])
  })
  const call = coreCaller(core)
  /** The tables named by `changed` events emitted while `action` ran. */
  const tablesChangedBy = async (action: () => Promise<unknown>) => {
    const from = seen.length
    await action()
    return seen.slice(from).flatMap((event) => event.tables)
  }
  return { call, tablesChangedBy, seen }
}

describe('CRM mutations announce what they changed', () => {
  it('announces leads when a lead is created, moved to another stage or deleted', async () => {
    const { call, tablesChangedBy, seen } = start()
    const contact = await call('contacts.create', { firstName: 'Nadia', emails: ['nadia@client.test'] })
    let leadId = ''
    expect(
      await tablesChangedBy(async () => {
        leadId = (await call('leads.create', { title: '200 chairs', contactIds: [contact.id] })).id
      })
    ).toContain('leads')
    expect(seen.at(-1)?.ids).toEqual([leadId])
    const [, second] = await call('leads.stages', {})
    expect(await tablesChangedBy(() => call('leads.update', { leadId, stage: second! }))).toContain('leads')
    expect(await tablesChangedBy(() => call('leads.delete', { leadId }))).toContain('leads')
  })

  it('announces stages when the pipeline is saved', async () => {
    const { call, tablesChangedBy } = start()
    expect(await tablesChangedBy(() => call('leads.setStages', { stages: ['New', 'Won'] }))).toContain(
      'stages'
    )
    expect(await call('leads.stages', {})).toEqual(['New', 'Won'])
  })

  it('announces fields, with the key, when a custom field is defined', async () => {
    const { call, tablesChangedBy, seen } = start()
    expect(
      await tablesChangedBy(() => call('contacts.defineField', { key: 'tier', label: 'Tier', type: 'text' }))
    ).toContain('fields')
    expect(seen.at(-1)?.ids).toEqual(['tier'])
  })

  it('announces nothing when a save is refused', async () => {
    const { tablesChangedBy, call } = start()
    expect(
      await tablesChangedBy(() => call('leads.setStages', { stages: [] }).catch(() => undefined))
    ).toEqual([])
  })
})

describe('contact merge announces the leads it moved', () => {
  it('names leads (the contact drawer’s Leads list re-queries on it) on merge and unmerge', async () => {
    const { call, tablesChangedBy } = start()
    const carlos = await call('contacts.create', { displayName: 'Carlos', emails: ['carlos@client.test'] })
    const home = await call('contacts.create', { displayName: 'C. Mendes', emails: ['carlos@home.test'] })
    await call('leads.create', { title: '500 units', contactIds: [home.id] })
    let mergeId = ''
    const onMerge = await tablesChangedBy(async () => {
      mergeId = (await call('contacts.merge', { survivorId: carlos.id, mergedId: home.id })).mergeId
    })
    expect(await call('leads.list', { contactId: carlos.id })).toHaveLength(1)
    expect(onMerge).toContain('leads')
    expect(await tablesChangedBy(() => call('contacts.unmerge', { mergeId }))).toContain('leads')
  })
})
