import type { ImapFlow } from 'imapflow'
import type { FolderRepository } from './folder-repository'
import { findRenames } from './folder-renames'
import { withLocalizedSpecialUse } from './special-use-names'

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
  const listStatus = client.capabilities.has('LIST-STATUS')
  const statusQuery = { uidValidity: true, uidNext: true }
  const listed = await client.list(listStatus ? { statusQuery } : undefined)
  const renamed = await findRenames(client, folders.known(accountId), listed)
  folders.upsertListed(
    accountId,
    withLocalizedSpecialUse(
      listed.map((f) => ({
        path: f.path,
        name: f.name,
        delimiter: f.delimiter ?? null,
        specialUse: f.specialUse ?? null,
        uidValidity: f.status?.uidValidity !== undefined ? Number(f.status.uidValidity) : null
      }))
    ),
    renamed
  )
}
