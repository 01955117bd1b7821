import { describe, expect, it } from 'vitest'
import { joinNames, splitName } from '../../src-main/core/crm/contact-name'
import { crmWorkspace } from './fixtures/crm-workspace'

describe('a contact’s name after its first or last name is corrected', () => {
  it('follows the names when it was made of them (mail, the drawer)', () => {
    const ws = crmWorkspace()
    const rudi = ws.crm.contacts.create({ firstName: 'Rudi', lastName: 'Hartono' }, null)
    expect(rudi.displayName).toBe('Rudi Hartono')
    expect(ws.crm.contacts.update(rudi.id, { firstName: 'Rudy' }, null).displayName).toBe('Rudy Hartono')
  })

  it('stays when it was set apart from them, and when both names are cleared', () => {
    const ws = crmWorkspace()
    const budi = ws.crm.contacts.create({ displayName: 'Pak Budi', firstName: 'Budi', lastName: 'S' }, null)
    expect(ws.crm.contacts.update(budi.id, { lastName: 'Santoso' }, null).displayName).toBe('Pak Budi')
    const ana = ws.crm.contacts.create({ firstName: 'Ana' }, null)
    expect(ws.crm.contacts.update(ana.id, { firstName: '' }, null).displayName).toBe('Ana')
  })

  it('follows them from a name mail gave as "Last, First"', () => {
    const ws = crmWorkspace()
    const bob = ws.crm.contacts.create({ displayName: 'Tan, Bob', ...names('Tan, Bob') }, null)
    expect(ws.crm.contacts.update(bob.id, { lastName: 'Tanaka' }, null).displayName).toBe('Bob Tanaka')
  })

  it('stays as mail gave it when something other than the names is changed', () => {
    const ws = crmWorkspace()
    const acme = ws.crm.contacts.create({ displayName: 'Acme, Inc.', ...names('Acme, Inc.') }, null)
    const widjaja = ws.crm.contacts.create({ displayName: 'Widjaja, PT', ...names('Widjaja, PT') }, null)
    expect(ws.crm.contacts.update(acme.id, { country: 'US' }, null).displayName).toBe('Acme, Inc.')
    expect(ws.crm.contacts.update(widjaja.id, { emails: ['info@widjaja.test'] }, null).displayName).toBe(
      'Widjaja, PT'
    )
  })

  it('splits a name from mail keeping an apostrophe, without the quotes around it', () => {
    expect(splitName("Sean O'Brien")).toEqual({ first: 'Sean', last: "O'Brien" })
    expect(splitName("'Li Wei'")).toEqual({ first: 'Li', last: 'Wei' })
    expect(splitName('"Tan, Bob"')).toEqual({ first: 'Bob', last: 'Tan' })
  })

  it('splits a Chinese or Korean name of two or three characters family name first', () => {
    expect(splitName('陈静')).toEqual({ first: '静', last: '陈' })
    expect(splitName('王小明')).toEqual({ first: '小明', last: '王' })
    expect(splitName('김민수')).toEqual({ first: '민수', last: '김' })
    expect(splitName('陈 静')).toEqual({ first: '静', last: '陈' })
    // Four characters with no known two-character family name: kept whole.
    expect(splitName('山田太郎')).toEqual({ first: '山田太郎', last: '' })
  })

  it('splits off a known two-character family name (欧阳, 诸葛, 남궁)', () => {
    expect(splitName('欧阳娜娜')).toEqual({ first: '娜娜', last: '欧阳' })
    expect(splitName('诸葛亮')).toEqual({ first: '亮', last: '诸葛' })
    expect(splitName('歐陽修')).toEqual({ first: '修', last: '歐陽' })
    expect(splitName('남궁민수')).toEqual({ first: '민수', last: '남궁' })
    expect(joinNames('娜娜', '欧阳')).toBe('欧阳娜娜')
    // Two characters are a one-character family name and a given name, whatever they are.
    expect(splitName('欧阳')).toEqual({ first: '阳', last: '欧' })
  })

  it('follows corrected Chinese names family name first, unspaced', () => {
    const ws = crmWorkspace()
    const chen = ws.crm.contacts.create({ displayName: '陈静', ...names('陈静') }, null)
    expect(ws.crm.contacts.update(chen.id, { firstName: '晶' }, null).displayName).toBe('陈晶')
    const wang = ws.crm.contacts.create({ firstName: '芳', lastName: '王' }, null)
    expect(wang.displayName).toBe('王芳')
  })
})

/** First and last names as the contact linker fills them from a sender's name. */
const names = (name: string) => {
  const { first, last } = splitName(name)
  return { firstName: first, lastName: last }
}
