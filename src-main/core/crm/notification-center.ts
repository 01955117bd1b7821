import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'

export type Notification = {
  id: string
  memberId: string
  kind: 'mention' | 'snooze-woken'
  conversationId: string | null
  commentId: string | null
  /** In English, for the CLI (and all a notification made before params had). */
  text: string
  /** What the text says, as values, for a window to say it in the user's language. */
  params: NotificationParams | null
  at: number
  read: boolean
}

/** A wake-up's status; a mention's author (null: no name) and excerpt. */
export type NotificationParams = { status?: string; author?: string | null; excerpt?: string }

type Row = {
  id: string
  member_id: string
  kind: Notification['kind']
  conversation_id: string | null
  comment_id: string | null
  text: string
  params_json: string | null
  created_at: number
  read_at: number | null
}

const toNotification = (r: Row): Notification => ({
  id: r.id,
  memberId: r.member_id,
  kind: r.kind,
  conversationId: r.conversation_id,
  commentId: r.comment_id,
  text: r.text,
  params: parseParams(r.params_json),
  at: r.created_at,
  read: r.read_at !== null
})

function parseParams(json: string | null): NotificationParams | null {
  if (json === null) return null
  try {
    return JSON.parse(json) as NotificationParams
  } catch {
    // Damaged: the English text still says it.
    return null
  }
}

/** How many notifications a window pops up at once; older ones not shown yet wait in the centre. */
const ANNOUNCE_AT_MOST = 5

/**
 * The in-app notification centre. Each new notification is also handed to `announce`, which the
 * core turns into a `notification` event. That event only tells the windows listening now that
 * there is something new: a window pops up on the desktop (the Notification API, in the app and
 * in a browser) what `takeUnannounced` hands it, so a notification created with no window
 * listening (a snooze that ran out while Rapport was closed, a mention made from the CLI) pops up
 * when the next window connects, and one that two windows heard pops up in only one of them.
 */
export class NotificationCenter {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly announce: (notification: Notification) => void
  ) {}

  create(input: {
    memberId: string
    kind: Notification['kind']
    conversationId: string | null
    commentId?: string | null
    text: string
    params?: NotificationParams
  }): Notification {
    const row: Row = {
      id: randomUUID(),
      member_id: input.memberId,
      kind: input.kind,
      conversation_id: input.conversationId,
      comment_id: input.commentId ?? null,
      text: input.text,
      params_json: input.params ? JSON.stringify(input.params) : null,
      created_at: this.clock.now(),
      read_at: null
    }
    this.db
      .prepare(
        `INSERT INTO notifications (id, member_id, kind, conversation_id, comment_id, text, params_json, created_at)
         VALUES (@id, @member_id, @kind, @conversation_id, @comment_id, @text, @params_json, @created_at)`
      )
      .run(row)
    const notification = toNotification(row)
    this.announce(notification)
    return notification
  }

  list(memberId: string, unreadOnly = false, limit = 200): Notification[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM notifications WHERE member_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''}
         ORDER BY created_at DESC, rowid DESC LIMIT ?`
      )
      .all(memberId, limit) as Row[]
    return rows.map(toNotification)
  }

  /** How many of the member's notifications are unread: all of them, not only those `list` returns. */
  unreadCount(memberId: string): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM notifications WHERE member_id = ? AND read_at IS NULL')
      .get(memberId) as { n: number }
    return row.n
  }

  /**
   * The member's unread notifications no window has popped up yet, newest first and at most a
   * handful, all of them now counted as popped up (older ones stay in the centre only). One
   * write transaction, so two windows, or the app and `rapport` beside it, never get the same one.
   */
  takeUnannounced(memberId: string, limit = ANNOUNCE_AT_MOST): Notification[] {
    const take = this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT * FROM notifications
            WHERE member_id = ? AND announced_at IS NULL AND read_at IS NULL
            ORDER BY created_at DESC, rowid DESC LIMIT ?`
        )
        .all(memberId, limit) as Row[]
      this.db
        .prepare('UPDATE notifications SET announced_at = ? WHERE member_id = ? AND announced_at IS NULL')
        .run(this.clock.now(), memberId)
      return rows.map(toNotification)
    })
    return take.immediate()
  }

  /** Marks the given notifications read, or all of the member's when no ids are given. */
  markRead(memberId: string, ids?: string[]): number {
    const now = this.clock.now()
    if (!ids) {
      return this.db
        .prepare('UPDATE notifications SET read_at = ? WHERE member_id = ? AND read_at IS NULL')
        .run(now, memberId).changes
    }
    const update = this.db.prepare(
      'UPDATE notifications SET read_at = ? WHERE id = ? AND member_id = ? AND read_at IS NULL'
    )
    return this.db.transaction(() => ids.reduce((n, id) => n + update.run(now, id, memberId).changes, 0))()
  }
}
