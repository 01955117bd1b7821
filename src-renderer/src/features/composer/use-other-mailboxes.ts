import { useQuery } from '../../api/use-query'

/**
 * The addresses of the user's mailboxes other than `accountId`'s (`others`), and its own
 * (`mailbox`): mail from another one to this one, answered from this one, goes back to it
 * (reply-target.ts, fromOtherMailbox). `signature`: its signature ('' for none), undefined while
 * the mailboxes are still being read.
 */
export function useOtherMailboxes(accountId: number | undefined): {
  others: string[]
  mailbox?: string
  signature?: string
} {
  const accounts = useQuery('accounts.list', {}, ['accounts']).data ?? []
  const own = accounts.find((account) => account.id === accountId)
  return {
    others: accounts.filter((account) => account.id !== accountId).map((account) => account.email),
    mailbox: own?.email,
    ...(own ? { signature: own.signature ?? '' } : {})
  }
}
