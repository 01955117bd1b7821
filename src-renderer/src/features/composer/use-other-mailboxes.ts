import { useQuery } from '../../api/use-query'

/**
 * The addresses of the user's mailboxes other than `accountId`'s (`others`), and its own
 * (`mailbox`): mail from another one to this one, answered from this one, goes back to it
 * (reply-target.ts, fromOtherMailbox).
 */
export function useOtherMailboxes(accountId: number | undefined): { others: string[]; mailbox?: string } {
  const accounts = useQuery('accounts.list', {}, ['accounts']).data ?? []
  return {
    others: accounts.filter((account) => account.id !== accountId).map((account) => account.email),
    mailbox: accounts.find((account) => account.id === accountId)?.email
  }
}
