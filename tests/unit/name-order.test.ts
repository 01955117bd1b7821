import { describe, expect, it } from 'vitest'
import { nameFields } from '../../src-renderer/src/features/contacts/name-fields'
import { sortByName } from '../../src-renderer/src/i18n/name-order'

const sorted = (names: string[], language: string) => sortByName(names, language, (name) => name)

describe('names in the order of the UI language', () => {
  it('sorts Chinese names by pinyin in the Chinese UI', () => {
    expect(sorted(['安娜', '张伟', '王芳', '白雪', '陈明'], 'zh-CN')).toEqual([
      '安娜',
      '白雪',
      '陈明',
      '王芳',
      '张伟'
    ])
  })

  it('sorts English names whatever their case, accents with their letter', () => {
    expect(sorted(['VIP', 'archive', 'Archive clients', 'Émile', 'billing'], 'en')).toEqual([
      'archive',
      'Archive clients',
      'billing',
      'Émile',
      'VIP'
    ])
  })

  it('keeps the order names that sort alike came in', () => {
    const rina = [
      { name: 'Rina', id: 'a' },
      { name: 'Rina', id: 'b' }
    ]
    expect(sortByName(rina, 'en', (m) => m.name).map((m) => m.id)).toEqual(['a', 'b'])
  })
})

describe('the drawer’s name fields', () => {
  it('asks for the family name first in Chinese, Japanese and Korean, the given name first elsewhere', () => {
    expect(nameFields('zh-CN')).toEqual(['lastName', 'firstName'])
    expect(nameFields('ja')).toEqual(['lastName', 'firstName'])
    expect(nameFields('en')).toEqual(['firstName', 'lastName'])
    expect(nameFields('id')).toEqual(['firstName', 'lastName'])
  })
})
