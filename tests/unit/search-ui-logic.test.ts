import { beforeEach, describe, expect, it } from 'vitest'
import {
  findInText,
  findWordStarts,
  isFindable,
  segmentText
} from '../../src-renderer/src/features/search/find-in-text'
import { activeLocation, totalMatches, useFindStore } from '../../src-renderer/src/features/search/find-store'
import { findTextOf } from '../../src-renderer/src/features/search/search-store'

const marked = (text: string, ranges: Array<[number, number]>) => ranges.map(([a, b]) => text.slice(a, b))

describe('find in conversation: matching', () => {
  it('finds every occurrence, ignoring case and accents, with offsets into the original text', () => {
    const text = 'José sent the INVOICE; jose will resend the invoice. Invoiced?'
    expect(marked(text, findInText(text, 'invoice'))).toEqual(['INVOICE', 'invoice', 'Invoice'])
    expect(marked(text, findInText(text, 'jose'))).toEqual(['José', 'jose'])
  })

  it('finds Chinese text and keeps offsets right after characters outside the BMP', () => {
    const text = '👍🏽 客户说发票已开具，发票'
    expect(marked(text, findInText(text, '发票'))).toEqual(['发票', '发票'])
  })

  it('finds one Chinese character or emoji, as the global search does from one', () => {
    // A result opened from a search for 王 showed the conversation with nothing marked.
    const text = '王先生：票已订好 👍'
    expect(marked(text, findInText(text, '王'))).toEqual(['王'])
    expect(marked(text, findInText(text, '👍'))).toEqual(['👍'])
    expect(isFindable('王')).toBe(true)
    expect(isFindable('a')).toBe(false)
    expect(isFindable('ab')).toBe(true)
  })

  it('finds ❤ for ❤️ as emoji pickers type it, as the global search that opened the conversation does', () => {
    // A search for ❤️ finds mail with a plain ❤ (its selector at the end dropped); opened, that
    // conversation showed nothing marked and the find bar said "No matches".
    const text = 'Thanks ❤ and ❤️'
    expect(marked(text, findInText(text, '❤\uFE0F'))).toEqual(['❤', '❤'])
  })

  it('waits for two characters, and treats runs of white space as one space', () => {
    expect(findInText('a b a', 'a')).toEqual([])
    expect(marked('quick \n brown fox', findInText('quick \n brown fox', 'quick brown'))).toEqual([
      'quick \n brown'
    ])
    expect(marked('quick brown fox', findInText('quick brown fox', '  quick   brown '))).toEqual([
      'quick brown'
    ])
  })

  it('marks whole every match it counts where a character folds to several (… to ...)', () => {
    // A match inside one "…" was counted as an empty range: "1 of 4" with nothing marked.
    const text = 'Wait… ok……'
    expect(marked(text, findInText(text, '..'))).toEqual(['…', '…', '…'])
    expect(marked('oh… no', findInText('oh… no', 'h.'))).toEqual(['h…'])
  })

  it('cuts text into plain and numbered matched segments', () => {
    expect(
      segmentText('a fox and a fox', [
        [2, 5],
        [12, 15]
      ])
    ).toEqual([
      { text: 'a ', match: null },
      { text: 'fox', match: 0 },
      { text: ' and a ', match: null },
      { text: 'fox', match: 1 }
    ])
  })

  it('marks contact words the way contact search matched them: at the start of words only', () => {
    const name = 'Emily Carter · oscar.carlos@client.test'
    expect(marked(name, findWordStarts(name, 'car'))).toEqual(['Car', 'car'])
    expect(marked(name, findWordStarts(name, 'emily car'))).toEqual(['Emily', 'Car', 'car'])
  })
})

describe('find in conversation: counter and arrows', () => {
  beforeEach(() => {
    useFindStore.getState().start(1)
    useFindStore.getState().setOrder([10, 11, 12])
  })

  it('counts the matches of every message and walks them in order, wrapping at both ends', () => {
    const find = useFindStore.getState()
    find.reportCount(10, 2)
    find.reportCount(11, 0)
    find.reportCount(12, 1)
    expect(totalMatches(useFindStore.getState())).toBe(3)
    const where = () => activeLocation(useFindStore.getState())
    expect(where()).toEqual({ messageId: 10, index: 0 })
    find.step(1)
    find.step(1)
    expect(where()).toEqual({ messageId: 12, index: 0 })
    find.step(1)
    expect(where()).toEqual({ messageId: 10, index: 0 })
    find.step(-1)
    expect(where()).toEqual({ messageId: 12, index: 0 })
  })

  it('starts again at the first match when the text changes, and has none without matches', () => {
    const find = useFindStore.getState()
    find.reportCount(10, 2)
    find.step(1)
    find.setQuery('other')
    expect(useFindStore.getState().active).toBe(0)
    find.reportCount(10, 0)
    find.step(1)
    expect(activeLocation(useFindStore.getState())).toBeNull()
  })
})

describe('carrying a search into the opened conversation', () => {
  it('takes the first plain word or phrase, not operators or negations', () => {
    expect(findTextOf('from:budi invoice -draft')).toBe('invoice')
    expect(findTextOf('-draft "harga grosir" pajak')).toBe('harga grosir')
    expect(findTextOf('has:attachment is:unread')).toBe('')
    expect(findTextOf('发票已开具')).toBe('发票已开具')
  })
})
