import type { AccountRepository } from '../accounts/account-repository'
import type { CrmServices } from '../crm/crm-services'
import type { MessageStore } from '../store/message-store'
import type { FolderRepository } from '../sync/folder-repository'
import { seedSampleCrm } from './sample-crm'
import { sampleMessages, sampleOwner } from './sample-mailbox'

const SAMPLE_UID_VALIDITY = 1

/** Fills an empty workspace database with the demo mailbox. No network, no secrets. */
export function seedSampleWorkspace(deps: {
  accounts: AccountRepository
  folders: FolderRepository
  store: MessageStore
  crm: CrmServices
}): void {
  const account = deps.accounts.insert({
    email: sampleOwner.address,
    displayName: sampleOwner.name,
    kind: 'sample',
    user: sampleOwner.address,
    imap: { host: 'imap.rapport.example', port: 993, security: 'tls' },
    smtp: { host: 'smtp.rapport.example', port: 465, security: 'tls' },
    secretRef: 'sample:none',
    importLimit: 500
  })
  deps.folders.upsertListed(account.id, [
    { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox' },
    { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: '\\Sent' },
    // Archive and Delete are offered on every conversation: they work here too (locally).
    { path: 'Archive', name: 'Archive', delimiter: '/', specialUse: '\\Archive' },
    { path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' }
  ])
  const folderIds = new Map(deps.folders.synced(account.id).map((f) => [f.path, f.id]))
  for (const id of folderIds.values()) {
    deps.folders.recordPassComplete(id, { uidValidity: SAMPLE_UID_VALIDITY, uidNext: 1, highestModseq: null })
  }
  const ownAddresses = new Set([sampleOwner.address])
  sampleMessages(Date.now()).forEach(({ parsed, folder }, index) => {
    const folderId = folderIds.get(folder)!
    deps.store.storeBatch(
      {
        accountId: account.id,
        threadingEnabled: true,
        ownAddresses,
        folder: { id: folderId, uidValidity: SAMPLE_UID_VALIDITY, isSent: folder === 'Sent' }
      },
      // The newest incoming message of each thread stays unread so the inbox shows unread state.
      [{ uid: index + 1, flags: folder === 'Sent' || index % 3 === 0 ? ['\\Seen'] : [], parsed }]
    )
  })
  seedSampleCrm(deps.crm)
}
