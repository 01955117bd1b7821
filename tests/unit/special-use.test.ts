import { specialUse } from 'imapflow/lib/special-use.js'
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { sentFolderOf } from '../../src-main/core/outbox/sent-folder'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { memoryWorkspace } from './fixtures/workspace'
import type { ListedFolder } from '../../src-main/core/sync/folder-repository'
import { specialUseFromName, withLocalizedSpecialUse } from '../../src-main/core/sync/special-use-names'

/** What a server without SPECIAL-USE gets: imapflow's name table, then ours. */
function detect(name: string): string | null {
  const fromLibrary = (specialUse(false, { name, flags: new Set() }) as { flag: string | null }).flag
  return fromLibrary ?? specialUseFromName(name)
}

const folder = (path: string, specialUse: string | null = null): ListedFolder => ({
  path,
  name: path.split('/').pop()!,
  delimiter: '/',
  specialUse
})

describe('special-use detection by localized name (servers without RFC 6154)', () => {
  it.each([
    ['Gesendet', '\\Sent'],
    ['Gesendete Objekte', '\\Sent'],
    ['Enviados', '\\Sent'],
    ['Itens Enviados', '\\Sent'],
    ['已发送', '\\Sent'],
    ['Terkirim', '\\Sent'],
    ['Item Terkirim', '\\Sent'],
    ['Отправленные', '\\Sent'],
    ['Sent Items', '\\Sent'],
    ['Papierkorb', '\\Trash'],
    ['Корзина', '\\Trash'],
    ['Corbeille', '\\Trash'],
    ['Deleted Items', '\\Trash'],
    ['Entwürfe', '\\Drafts'],
    ['草稿箱', '\\Drafts'],
    ['Draf', '\\Drafts'],
    ['Spam', '\\Junk'],
    ['垃圾邮件', '\\Junk'],
    ['Arsip', '\\Archive'],
    ['归档', '\\Archive']
  ])('imapflow recognises %s as %s', (name, use) => {
    expect(detect(name)).toBe(use)
  })

  it.each([
    ['Sampah', '\\Trash'],
    ['Tempat Sampah', '\\Trash'],
    ['Item Dihapus', '\\Trash'],
    ['已删除', '\\Trash'],
    ['废纸篓', '\\Trash'],
    ['刪除的郵件', '\\Trash'],
    ['Surat Terkirim', '\\Sent'],
    ['Pesan Terkirim', '\\Sent'],
    ['已寄郵件', '\\Sent'],
    ['垃圾箱', '\\Junk'],
    ['Arsipkan', '\\Archive'],
    // Outlook / Exchange in Indonesian and Simplified Chinese.
    ['Item yang Dihapus', '\\Trash'],
    ['Email Sampah', '\\Junk'],
    ['垃圾电子邮件', '\\Junk']
  ])('our fallback table adds %s as %s, which imapflow alone misses', (name, use) => {
    expect((specialUse(false, { name, flags: new Set() }) as { flag: string | null }).flag).toBeNull()
    expect(detect(name)).toBe(use)
  })

  it('leaves ordinary folder names alone', () => {
    for (const name of ['Clients', 'Sent to clients', 'Projects/2024', 'Sampah proyek'])
      expect(detect(name)).toBeNull()
  })

  it('fills only uses no other folder holds, preferring the server’s own marking', () => {
    const listed = [
      folder('INBOX'),
      folder('Trash', '\\Trash'),
      folder('Sampah'),
      folder('Surat Terkirim'),
      folder('Clients')
    ]
    const result = withLocalizedSpecialUse(listed)
    expect(result.map((f) => [f.path, f.specialUse])).toEqual([
      ['INBOX', null],
      ['Trash', '\\Trash'],
      ['Sampah', null],
      ['Surat Terkirim', '\\Sent'],
      ['Clients', null]
    ])
  })

  it('gives a use once, to the shallowest then alphabetically first candidate', () => {
    const result = withLocalizedSpecialUse([folder('Lama/Sampah'), folder('Tempat Sampah'), folder('已删除')])
    expect(result.filter((f) => f.specialUse === '\\Trash').map((f) => f.path)).toEqual(['Tempat Sampah'])
  })
})

describe('a special use that moves to a folder Rapport already listed', () => {
  it('syncs the folder that takes over a role, and then leaves the user’s choice for it alone', () => {
    const folders = new FolderRepository(memoryWorkspace().db)
    folders.upsertListed(1, [folder('INBOX'), folder('Trash', '\\Trash'), folder('Bin')])
    expect(folders.list(1).find((f) => f.path === 'Bin')?.syncEnabled).toBe(false)
    // The user makes "Bin" the Trash in another program: the server marks Bin now.
    folders.upsertListed(1, [folder('INBOX'), folder('Trash'), folder('Bin', '\\Trash')])
    const bin = folders.bySpecialUse(1, '\\Trash')!
    expect([bin.path, bin.syncEnabled]).toEqual(['Bin', true])
    // Unticked afterwards, it stays unticked through later listings of the same role.
    folders.setSync(bin.id, false)
    folders.upsertListed(1, [folder('INBOX'), folder('Trash'), folder('Bin', '\\Trash')])
    expect(folders.get(bin.id).syncEnabled).toBe(false)
  })
})

describe('a special use found by name, when another folder’s name would do too', () => {
  const byName = (path: string, specialUse: string | null = null): ListedFolder => ({
    ...folder(path, specialUse),
    specialUseByName: specialUse !== null
  })

  it('stays with the folder holding it, and moves only on the server’s mark or when that folder is gone', () => {
    const folders = new FolderRepository(memoryWorkspace().db)
    folders.upsertListed(1, [folder('INBOX'), byName('Sampah', '\\Trash')])
    // A "Trash" made elsewhere: imapflow's name table knows it and ranks it first; ours gives
    // Sampah nothing then.
    folders.upsertListed(1, [folder('INBOX'), byName('Sampah'), byName('Trash', '\\Trash')])
    expect(folders.list(1).map((f) => [f.path, f.specialUse, f.syncEnabled])).toEqual([
      ['INBOX', '\\Inbox', true],
      ['Sampah', '\\Trash', true],
      ['Trash', null, false]
    ])
    folders.upsertListed(1, [folder('INBOX'), byName('Sampah'), byName('Trash'), folder('Bin', '\\Trash')])
    expect(folders.bySpecialUse(1, '\\Trash')?.path).toBe('Bin')
    folders.upsertListed(1, [folder('INBOX'), byName('Sampah'), byName('Trash', '\\Trash')])
    expect(folders.bySpecialUse(1, '\\Trash')?.path).toBe('Trash')
  })
})

describe("the outbox's Sent folder on a server without SPECIAL-USE", () => {
  it('is found by its localized name before any sync pass listed the folders', async () => {
    const ws = memoryWorkspace()
    const folders = new FolderRepository(ws.db)
    // Only what sentFolderOf uses of an ImapFlow session: no LIST-STATUS, and the folder list with no
    // special-use flags.
    const client = {
      capabilities: new Map(),
      list: async () => [
        { path: 'INBOX', name: 'INBOX', delimiter: '/' },
        { path: 'Surat Terkirim', name: 'Surat Terkirim', delimiter: '/' }
      ]
    } as unknown as ImapFlow
    const sent = await sentFolderOf(client, folders, 1)
    expect(sent?.path).toBe('Surat Terkirim')
  })
})
