import type { Database } from 'better-sqlite3'

export type MailboxInbox = { accountId: number; name: string; archived: boolean }

/**
 * The mailboxes that get an inbox of their own in the sidebar, in the order they were added:
 * none while there is only one (its inbox would be All again), and an archived one too.
 */
export function mailboxInboxes(db: Database): MailboxInbox[] {
  const rows = db.prepare('SELECT id, email, display_name, state FROM accounts ORDER BY id').all() as Array<{
    id: number
    email: string
    display_name: string
    state: string
  }>
  if (rows.length < 2) return []
  return rows.map((r) => ({
    accountId: r.id,
    name: r.display_name.trim() || r.email,
    archived: r.state === 'archived'
  }))
}
