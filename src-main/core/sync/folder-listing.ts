import type { ImapFlow } from 'imapflow'
import type { FolderRepository } from './folder-repository'
import { findRenames } from './folder-renames'
import { recordFolderRights } from './folder-rights'
import { withLocalizedSpecialUse } from './special-use-names'

const NOT_A_MAILBOX = ['\\Noselect', '\\NonExistent']

/**
 * Lists the server's folders and records them, special use detected from RFC 6154 flags or from
 * localized names. Every caller goes through here, so a Sent folder found only by its name
 * ("Surat Terkirim") is found by the outbox too, not only by a sync pass, and a folder renamed
 * elsewhere is followed to its new path whichever of them lists first.
 */
export async function recordServerFolders(
  client: ImapFlow,
  folders: FolderRepository,
  accountId: number
): Promise<void> {
  // With LIST-STATUS the UIDVALIDITY of every folder comes in the same answer, at no extra round
  // trip, so folders never synced can be followed through a rename too (UIDNEXT is what
  // findRenames checks a synced folder's match against). Without it, imapflow would send a STATUS
  // per folder: not asked for.
  const listStatus = canListStatus(client)
  const statusQuery = { uidValidity: true, uidNext: true }
  // A \Noselect or \NonExistent entry is only a level of the hierarchy (Gmail's "[Gmail]", the
  // parent of "Projects/2024" after "Projects" was deleted): it cannot hold mail, so it is not a
  // folder to sync or move into (chosen for sync, its SELECT failed every pass), nor one to ask
  // STATUS of when looking for renames.
  const listed = (await client.list(listStatus ? { statusQuery } : undefined)).filter(
    (f) => !NOT_A_MAILBOX.some((flag) => f.flags?.has(flag))
  )
  const renamed = await findRenames(client, folders.known(accountId), listed, (folder) =>
    folder.uidValidity === null ? [] : folders.storedSamples(folder.id, folder.uidValidity)
  )
  folders.upsertListed(
    accountId,
    withLocalizedSpecialUse(
      listed.map((f) => ({
        path: f.path,
        name: f.name,
        delimiter: f.delimiter ?? null,
        specialUse: f.specialUse ?? null,
        // imapflow's guess from a name ("Trash", "Deleted Items") ranks candidates by name alone:
        // told apart from the server's own marks, so it cannot move a role (keepingHeldRoles).
        specialUseByName: f.specialUseSource === 'name',
        uidValidity: !listStatus
          ? undefined
          : f.status?.uidValidity !== undefined
            ? Number(f.status.uidValidity)
            : null
      }))
    ),
    renamed
  )
  await recordFolderRights(client, folders, accountId)
}

/**
 * Whether imapflow will put the status in the LIST command itself. Where it would not (it lists
 * with XLIST, or a server refused RETURN STATUS once this session), it sends a STATUS per folder
 * instead: a round trip per folder on every listing, not worth what it finds. (A server that
 * advertises LIST-STATUS and then ignores it gets that too; imapflow gives no way to tell.)
 */
function canListStatus(client: ImapFlow): boolean {
  const capabilities = client.capabilities
  const listsWithXlist = capabilities.has('XLIST') && !capabilities.has('SPECIAL-USE')
  const refused = (client as unknown as { skipListStatusArgs?: boolean }).skipListStatusArgs === true
  return capabilities.has('LIST-STATUS') && !listsWithXlist && !refused
}
