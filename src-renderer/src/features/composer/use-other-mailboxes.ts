import { useQuery } from '../../api/use-query'

/**
 * The addresses of the user's mailboxes other than `accountId`'s: mail from them, answered from
 * this one, goes back to them (reply-target.ts, fromOtherMailbox).
 */
export function useOtherMailboxes(accountId: number | undefined): string[] {
  const accounts = useQuery('accounts.list', {}, ['accounts'])
  return (accounts.data ?? []).filter((account) => account.id !== accountId).map((account) => account.email)
}
