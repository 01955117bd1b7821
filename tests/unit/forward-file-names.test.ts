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

  it('gives a nameless part no name the sender gave another part', () => {
    // A picture the sender named image.png beside a nameless one (before or after it): two
    // files called image.png reach the recipient, who cannot tell them apart.
    expect(
      fileNames([
        { filename: null, type: 'image/png' },
        { filename: 'image.png', type: 'image/png' },
        { filename: 'image-2.png', type: 'image/png' },
        { filename: null, type: 'image/png' }
      ])
    ).toEqual(['image-3.png', 'image.png', 'image-2.png', 'image-4.png'])
  })

  it('names an attached message, which its sender gave no name, as mail: message.eml', () => {
    // Forwarded as "attachment", the recipient's program had no type to open it as.
    expect(
      fileNames([
        { filename: null, type: 'message/rfc822' },
        { filename: '', type: 'message/RFC822' }
      ])
    ).toEqual(['message.eml', 'message-2.eml'])
  })
})
