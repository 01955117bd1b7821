// contacts.update's addTags / removeTags change only the tags named (the drawer's tag box and ×),
// so a tag saved meanwhile elsewhere is neither dropped nor put back; and contacts.resolve, which
// a drawer showing a contact merged away elsewhere follows to the contact it went into.
import { describe, expect, it } from 'vitest'
import { MAX_TAGS } from '../../src-preload/contract'
import { crmWorkspace } from './fixtures/crm-workspace'

describe('tags added or removed one by one', () => {
  it('adds and removes only the tags named, keeping the others', () => {
    const ws = crmWorkspace()
    const by = ws.me().id
    const contact = ws.crm.contacts.create(
      { displayName: 'Nadia', emails: ['nadia@client.test'], tags: ['vip'] },
      by
    )
    ws.crm.contacts.update(contact.id, { addTags: ['wholesale', ' '] }, by)
    expect(ws.crm.contacts.get(contact.id).tags.sort()).toEqual(['vip', 'wholesale'])
    ws.crm.contacts.update(contact.id, { removeTags: ['vip'], company: 'Acme' }, by)
    expect(ws.crm.contacts.get(contact.id)).toMatchObject({ tags: ['wholesale'], company: 'Acme' })
  })

  it('refuses a tag past the most a contact holds, and keeps the tags as they were', () => {
    const ws = crmWorkspace()
    const by = ws.me().id
    const tags = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`)
    const contact = ws.crm.contacts.create({ emails: ['nadia@client.test'], tags }, by)
    expect(() => ws.crm.contacts.update(contact.id, { addTags: ['one-more'] }, by)).toThrow(/at most/)
    expect(ws.crm.contacts.get(contact.id).tags).toHaveLength(MAX_TAGS)
  })
})

describe('the contact a merged one went into', () => {
  it('follows merges of merges to the live contact, and is null for one deleted', () => {
    const ws = crmWorkspace()
    const by = ws.me().id
    const actor = { kind: 'user' as const, id: by }
    const [a, b, c] = ['a', 'b', 'c'].map((n) => ws.crm.contacts.create({ emails: [`${n}@client.test`] }, by))
    ws.crm.merge.merge(b!.id, a!.id, actor)
    ws.crm.merge.merge(c!.id, b!.id, actor)
    expect(ws.crm.merge.survivorOf(a!.id)).toBe(c!.id)
    expect(ws.crm.merge.survivorOf(c!.id)).toBe(c!.id)
    ws.db.prepare('UPDATE contacts SET deleted = 1 WHERE id = ?').run(c!.id)
    expect(ws.crm.merge.survivorOf(a!.id)).toBeNull()
  })
})

describe('a contact holding more tags than one list may (two merged into one)', () => {
  it('can still be edited, and have a tag removed', () => {
    const ws = crmWorkspace()
    const by = ws.me().id
    const actor = { kind: 'user' as const, id: by }
    const tagsOf = (prefix: string) => Array.from({ length: 60 }, (_, i) => `${prefix}${i}`)
    const survivor = ws.crm.contacts.create({ emails: ['nadia@client.test'], tags: tagsOf('a') }, by)
    const merged = ws.crm.contacts.create({ emails: ['nadia@home.test'], tags: tagsOf('b') }, by)
    ws.crm.merge.merge(survivor.id, merged.id, actor)
    expect(ws.crm.contacts.get(survivor.id).tags).toHaveLength(120)
    // Neither a field nor taking one tag off adds a tag: neither may be refused for the tags.
    ws.crm.contacts.update(survivor.id, { company: 'Acme' }, by)
    ws.crm.contacts.update(survivor.id, { removeTags: ['a0'] }, by)
    expect(ws.crm.contacts.get(survivor.id)).toMatchObject({ company: 'Acme' })
    expect(ws.crm.contacts.get(survivor.id).tags).toHaveLength(119)
  })
})

describe('tags from an import past the most a contact holds', () => {
  it('is refused for a new contact as for one that exists', () => {
    const ws = crmWorkspace()
    const tags = Array.from({ length: MAX_TAGS + 20 }, (_, i) => `t${i}`).join(';')
    const result = ws.crm.io.import('csv', `email,tags\nnew@client.test,${tags}\n`, null)
    const created = ws.crm.contacts.byEmail('new@client.test')
    expect(created?.tags.length ?? 0, JSON.stringify(result)).toBeLessThanOrEqual(MAX_TAGS)
    expect(result.skipped).toBe(1)
  })
})
