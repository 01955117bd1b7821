import { describe, expect, it } from 'vitest'
import { foldWithOffsets } from '../../src-main/core/search/search-text'

/** Folding one code point at a time, the definition the fast paths must agree with. */
function foldEachCharacter(text: string): { folded: string; offsets: number[] } {
  let folded = ''
  const offsets: number[] = []
  let index = 0
  // Characters, a halfwidth kana with its voicing mark taken whole (NFKC joins them).
  for (const [char] of text.matchAll(/[\uff66-\uff9d][\uff9e\uff9f]|[\s\S]/gu)) {
    const code = char.codePointAt(0)!
    let piece = char
    if (code < 0x80) piece = char.toLowerCase()
    else if (/^[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc]/.test(char))
      piece = char.normalize('NFKC').toLowerCase()
    else if (!((code >= 0x2e80 && code < 0xff00) || code >= 0x1f000)) {
      const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
      piece = base === '' ? char : base
    }
    folded += piece
    for (let i = 0; i < piece.length; i++) offsets.push(index)
    index += char.length
  }
  offsets.push(index)
  return { folded, offsets }
}

/** Offsets at each code point boundary of the folded text: the only places a match starts or ends. */
function boundaryOffsets(folded: string, offsets: number[] | null): number[] {
  const result: number[] = []
  let i = 0
  for (const char of folded) {
    result.push(offsets ? offsets[i]! : i)
    i += char.length
  }
  result.push(offsets ? offsets[i]! : i)
  return result
}

describe('folding text for search', () => {
  it.each([
    ['ASCII', 'Invoice FOR March'],
    ['Chinese with fullwidth punctuation', '您好，发票已开具：请查收！'],
    ['emoji', 'Deal 👍🏽 done 🎉'],
    ['accents that keep their length', 'José Müller, Zoë Çelik'],
    ['letters that fold to one unit', 'İstanbul ǅ ﬃ straße ẞ'],
    ['a letter whose folding changes its length (Kirat Rai)', 'ab\u{16d68}cd'],
    ['cased letters among CJK ranges', 'Ꙁ Ꜳ 中文'],
    ['astral letters', '𝐀𝐁 𐐀 text'],
    ['a lone combining mark', '\u0301abc'],
    ['fullwidth Latin, digits and punctuation', 'ＡＢＣ株式会社 Ｉｎｖｏｉｃｅ　１２３４５，請求書！'],
    ['halfwidth punctuation and symbols, left as they are', '｢ﾃｽﾄ｣､ ￥100 ￠'],
    ['halfwidth katakana', 'ﾃｽﾄ ｱｲｳ'],
    ['halfwidth katakana with voicing marks, which NFKC joins', 'ﾃﾞｰﾀ ﾊﾟｿｺﾝ ｱﾞ ﾞ']
  ])('%s: as folding each character does', (_label, text) => {
    const actual = foldWithOffsets(text)
    const expected = foldEachCharacter(text)
    expect(actual.folded).toBe(expected.folded)
    expect(boundaryOffsets(actual.folded, actual.offsets)).toEqual(
      boundaryOffsets(expected.folded, expected.offsets)
    )
  })

  // U+16D68 (Unicode 16, in Node 22's ICU) decomposes to two of U+16D67: among the code points
  // foldChar changes, the only ones whose length changes.
  it('keeps offsets into the original where folding changes lengths', () => {
    const text = '\u{16d68}x'
    const { folded, offsets } = foldWithOffsets(text)
    expect(folded.length).not.toBe(text.length)
    expect(offsets).not.toBeNull()
    expect(offsets![folded.length - 1]).toBe(text.length - 1)
  })
})
