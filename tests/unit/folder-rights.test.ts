// When Rapport asks a server for its folder rights (MYRIGHTS), against a stand-in for imapflow's
// command sender: the real exchange with Dovecot is in tests/integration/sync-read-only-folders.
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { RIGHTS_FRESH_MS, recordFolderRights } from '../../src-main/core/sync/folder-rights'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { forgetServerNumbering } from '../../src-main/core/sync/server-numbering'
import { memoryWorkspace } from './fixtures/workspace'

/** A session that answers MYRIGHTS from `rights` (a NO for a folder it has none for). */
function fakeSession(rights: Record<string, string>, capabilities = ['IMAP4rev1', 'ACL']) {
  const asked: string[] = []
  const session = {
    capabilities: new Set(capabilities),
    enabled: new Set<string>(),
    usable: true,
    state: 'selected',
    states: { LOGOUT: 'logout' },
    async exec(
      command: string,
      attributes: Array<{ value: string }>,
      options: { untagged: Record<string, (u: { attributes: Array<{ value: string }> }) => Promise<void>> }
    ) {
      const path = attributes[0]!.value
      asked.push(`${command} ${path}`)
      const answer = rights[path]
      if (answer === undefined)
        throw Object.assign(new Error('NO Mailbox not found'), { responseStatus: 'NO' })
      await options.untagged.MYRIGHTS!({ attributes: [{ value: path }, { value: answer }] })
      return { next: () => undefined }
    }
  }
  return { client: session as unknown as ImapFlow, asked }
}

function setup() {
  const ws = memoryWorkspace()
  const folders = new FolderRepository(ws.db)
  folders.upsertListed(1, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
    { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' },
    { path: 'Shared', name: 'Shared', delimiter: '/', specialUse: null },
    { path: 'Elsewhere', name: 'Elsewhere', delimiter: '/', specialUse: null }
  ])
  const byPath = (path: string) => folders.list(1).find((f) => f.path === path)!
  folders.setSync(byPath('Shared').id, true)
  return { folders, byPath }
}

describe('folder rights', () => {
  it('asks for synced and special-use folders only, and again only once the answers are old', async () => {
    const { folders, byPath } = setup()
    const { client, asked } = fakeSession({ INBOX: 'lrswipkxtecda', Trash: 'lrswipkxtecda', Shared: 'lr' })
    await recordFolderRights(client, folders, 1, 0)
    expect(asked.sort()).toEqual(['MYRIGHTS INBOX', 'MYRIGHTS Shared', 'MYRIGHTS Trash'])
    expect(byPath('Shared')).toMatchObject({ readOnly: true, canAddMail: false, canRemoveMail: false })
    expect(byPath('Elsewhere')).toMatchObject({ canAddMail: true, canRemoveMail: true })

    // Every pass lists the folders; within RIGHTS_FRESH_MS nothing is asked again.
    await recordFolderRights(client, folders, 1, RIGHTS_FRESH_MS - 1)
    expect(asked).toHaveLength(3)
    // Rights granted meanwhile are seen once the answers are old, on the same connection.
    const granted = fakeSession({ INBOX: 'lrswipkxtecda', Trash: 'lrswipkxtecda', Shared: 'lrsite' })
    Object.assign(client, { exec: (granted.client as unknown as { exec: unknown }).exec })
    await recordFolderRights(client, folders, 1, RIGHTS_FRESH_MS)
    expect(granted.asked).toHaveLength(3)
    expect(byPath('Shared')).toMatchObject({ readOnly: false, canAddMail: true, canRemoveMail: true })
  })

  it('keeps what was known for a folder the server will not tell about, and forgets all without ACL', async () => {
    const { folders, byPath } = setup()
    await recordFolderRights(fakeSession({ Shared: 'lr' }).client, folders, 1, 0)
    const refusing = fakeSession({})
    await recordFolderRights(refusing.client, folders, 1, 0)
    expect(refusing.asked).toHaveLength(3)
    expect(byPath('Shared')).toMatchObject({ canAddMail: false })
    // The server stopped offering ACL: nothing is asked, and every action is left to it again.
    const plain = fakeSession({ Shared: 'lr' }, ['IMAP4rev1'])
    await recordFolderRights(plain.client, folders, 1, 0)
    expect(plain.asked).toEqual([])
    expect(byPath('Shared')).toMatchObject({ readOnly: false, canAddMail: true, canRemoveMail: true })
  })
})

describe('a mailbox moved to another server', () => {
  it('forgets what the old server said of its folders: their rights, and which it would not open', () => {
    const ws = memoryWorkspace()
    const folders = new FolderRepository(ws.db)
    folders.upsertListed(1, [{ path: 'Shared', name: 'Shared', delimiter: '/', specialUse: null }])
    const shared = () => folders.list(1).find((f) => f.path === 'Shared')!
    folders.setSync(shared().id, true)
    folders.setRights(shared().id, 'l')
    expect(folders.setOpenError(shared().id, 'Permission denied.')).toBe(true)
    expect(folders.setOpenError(shared().id, 'Permission denied.')).toBe(false)
    expect(folders.refusedCount(1)).toBe(1)
    forgetServerNumbering(ws.db, 1)
    expect(shared()).toMatchObject({ openError: null, canAddMail: true, canRemoveMail: true })
    expect(folders.refusedCount(1)).toBe(0)
  })
})
