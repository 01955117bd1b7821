// Which folders a new account syncs: the special ones the issue names, and All Mail only where
// it is the archive (Gmail has no Archive folder; a server with both keeps All Mail unticked).
import { describe, expect, it } from 'vitest'
import { syncedByDefault } from '../../src-main/core/sync/folder-repository'

describe('folders synced by default', () => {
  it('syncs Inbox, Sent, Drafts, Archive, Trash and Junk, and no other folder', () => {
    for (const use of ['\\Inbox', '\\Sent', '\\Drafts', '\\Archive', '\\Trash', '\\Junk'])
      expect(syncedByDefault(use, true)).toBe(true)
    expect(syncedByDefault('\\Flagged', false)).toBe(false)
    expect(syncedByDefault(null, false)).toBe(false)
  })

  it('syncs All Mail only on a server without an Archive folder', () => {
    expect(syncedByDefault('\\All', false)).toBe(true)
    expect(syncedByDefault('\\All', true)).toBe(false)
  })
})
