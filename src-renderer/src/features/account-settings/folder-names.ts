// Folders by the name the user knows: a special folder (RFC 6154 use, or INBOX) in the user's
// language, any other by its path on the server.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { Folder } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { formatFolderPath } from '../../i18n/format'

const SPECIAL = new Set(['Inbox', 'Sent', 'Drafts', 'Archive', 'Trash', 'Junk', 'All', 'Flagged'])

/** The translated name of a special folder, or null for any other. */
export function useSpecialFolderLabel(): (folder: Pick<Folder, 'specialUse'>) => string | null {
  const { t } = useTranslation()
  return useCallback(
    (folder) => {
      const use = folder.specialUse?.replace(/^\\/, '') ?? ''
      return SPECIAL.has(use) ? t(`accountSettings.folders.specialUse.${use}`) : null
    },
    [t]
  )
}

/**
 * A folder path as the user reads it, found among its account's folders: "Inbox", "Kotak Masuk",
 * "收件箱", or "Clients/Acme" (the message chip, Move to, search results, Trash).
 */
export function useFolderLabel(): (path: string, folders: readonly Folder[] | undefined) => string {
  const special = useSpecialFolderLabel()
  return useCallback(
    (path, folders) => {
      const folder = folders?.find((f) => f.path === path)
      // INBOX is special by name (RFC 3501), whether or not the server marks it.
      return (
        (folder && special(folder)) ??
        (path.toUpperCase() === 'INBOX' ? special({ specialUse: '\\Inbox' })! : formatFolderPath(path))
      )
    },
    [special]
  )
}

/** A folder path of this account as the user reads it (useFolderLabel). */
export function useFolderName(accountId: number): (path: string) => string {
  const folders = useQuery('folders.list', { accountId }, ['folders'])
  const label = useFolderLabel()
  return useCallback((path) => label(path, folders.data), [folders.data, label])
}
