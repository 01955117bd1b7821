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

/**
 * After a mailbox is removed: its inbox's new-mail dot goes (account ids are reused, no
 * AUTOINCREMENT, and the next mailbox added would show it as its own), and with one mailbox
 * left, whose inbox is no longer listed, that one's too. Either would light up, stale, the day
 * another mailbox is added. inbox_marks has no foreign key to cascade from accounts.
 */
export function forgetMailboxInboxDots(db: Database, removedAccountId: number): void {
  const { n } = db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }
  db.prepare(
    `DELETE FROM inbox_marks WHERE inbox_key = 'account:' || ? OR (? < 2 AND inbox_key LIKE 'account:%')`
  ).run(removedAccountId, n)
}
