// How moved mail is looked up by Message-ID on servers without COPYUID: many ids per SEARCH, but
// never a command line some server would refuse, and each hit read back by its own header.
import { describe, expect, it } from 'vitest'
import { headerMessageIds, searchGroups } from '../../src-main/core/sync/message-id-search'

describe('looking up moved mail by Message-ID', () => {
  it('asks for up to 50 ids per SEARCH, fewer when they are long, every id once and in order', () => {
    const short = Array.from({ length: 120 }, (_, i) => `<m${i}.${'x'.repeat(20)}@example.test>`)
    expect(searchGroups(short).map((g) => g.length)).toEqual([50, 50, 20])
    expect(searchGroups(short).flat()).toEqual(short)
    const long = Array.from({ length: 60 }, (_, i) => `<${i}.${'y'.repeat(190)}@lists.example.org>`)
    const groups = searchGroups(long)
    expect(groups.flat()).toEqual(long)
    // Each SEARCH stays well under the 8 KB a server may take as a command line.
    for (const group of groups) expect(group.join(' OR HEADER MESSAGE-ID ').length).toBeLessThan(7_000)
    expect(groups.length).toBeGreaterThan(2)
  })

  it('reads every id a fetched Message-ID header gives, folded or bare as the parser takes them', () => {
    expect(headerMessageIds(Buffer.from('Message-ID:\r\n <a@x.test>\r\n\r\n'))).toContain('<a@x.test>')
    expect(headerMessageIds(Buffer.from('Message-ID: <a@x.test>\r\nMessage-ID: <b@x.test>\r\n'))).toEqual(
      expect.arrayContaining(['<a@x.test>', '<b@x.test>'])
    )
    expect(headerMessageIds(Buffer.from('Message-ID: bare@x.test\r\n'))).toContain('<bare@x.test>')
    expect(headerMessageIds(undefined)).toEqual([])
  })
})
