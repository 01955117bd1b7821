// Numbers typed as the region writes them (the lead value, number custom fields): "2.500.000,75"
// in Indonesian, "2,500,000.75" in English, and what is neither refused rather than misread.
import { describe, expect, it } from 'vitest'
import { editableNumber, parseLocaleNumber } from '../../src-renderer/src/i18n/parse-number'

describe('parseLocaleNumber', () => {
  it('reads Indonesian groups and decimal comma', () => {
    expect(parseLocaleNumber('2.500.000,75', 'id-ID')).toBe(2500000.75)
    expect(parseLocaleNumber('2500000,75', 'id-ID')).toBe(2500000.75)
    expect(parseLocaleNumber(' -1.500 ', 'id-ID')).toBe(-1500)
  })

  it('reads English groups and decimal point', () => {
    expect(parseLocaleNumber('12,500.5', 'en-US')).toBe(12500.5)
    expect(parseLocaleNumber('12500.5', 'en')).toBe(12500.5)
  })

  it('takes a typed space for the no-break space some regions group with', () => {
    expect(parseLocaleNumber('2 500 000,75', 'fr-FR')).toBe(2500000.75)
  })

  it('refuses what is not a number there instead of guessing', () => {
    for (const text of ['1.5', '1e', '-', '1,5,0', '12.50.000', 'abc'])
      expect(parseLocaleNumber(text, 'id-ID')).toBeNull()
    expect(parseLocaleNumber('1,5', 'en-US')).toBeNull()
  })
})

describe('editableNumber', () => {
  it('writes a stored number as the region edits it, without groups', () => {
    expect(editableNumber('2500000.75', 'id-ID')).toBe('2500000,75')
    expect(editableNumber('12500.5', 'en-US')).toBe('12500.5')
    expect(editableNumber('', 'id-ID')).toBe('')
  })
})
