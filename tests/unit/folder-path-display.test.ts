import { describe, expect, it } from 'vitest'
import { formatFolderPath } from '../../src-renderer/src/i18n/format'

describe('a folder path as the user reads it', () => {
  it('is the path itself', () => {
    expect(formatFolderPath('Klien/Jakarta')).toBe('Klien/Jakarta')
  })

  it('is the own name of a deleted folder set aside for its mail (path, NUL, id)', () => {
    expect(formatFolderPath('Old\u00008')).toBe('Old')
  })
})
