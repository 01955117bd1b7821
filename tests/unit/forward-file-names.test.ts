import { describe, expect, it } from 'vitest'
import { fileNames } from '../../src-renderer/src/features/outbox/file-names'

describe('names of stored parts sent again as files', () => {
  it('keeps the sender’s names and names the rest by type, numbering the same name', () => {
    expect(
      fileNames([
        { filename: 'quote.pdf', type: 'application/pdf' },
        { filename: null, type: 'image/png' },
        { filename: '', type: 'image/PNG' },
        { filename: null, type: 'image/jpeg' },
        { filename: null, type: 'application/octet-stream' },
        { filename: null, type: 'text/calendar' }
      ])
    ).toEqual(['quote.pdf', 'image.png', 'image-2.png', 'image.jpeg', 'attachment', 'attachment-2'])
  })
})
