import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import type { PeopleRepository } from '../people/people-repository'
import type { ConversationState } from './conversation-state'
import { canSeeRow } from './conversation-service'
import type { NotificationCenter } from './notification-center'

export type Comment = {
  id: string
  conversationId: string
  authorId: string
  body: string
  mentions: string[]
  at: number
}

type Row = {
  id: string
  conversation_id: string
  author_id: string
  body: string
  mentions_json: string
  created_at: number
}
/** Not a Chinese or Japanese character (a script written without spaces between words). */
const NOT_SPACELESS = '(?![\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}])'

const toComment = (r: Row): Comment => ({
  id: r.id,
  conversationId: r.conversation_id,
  authorId: r.author_id,
  body: r.body,
  mentions: JSON.parse(r.mentions_json) as string[],
  at: r.created_at
})

/**
 * Internal comments on a conversation. They live only in the workspace and are never sent.
 * A mention (`@member@email` in the text, or a member id picked in the UI) notifies that member.
 */
export class Comments {
  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    private readonly clock: Clock,
    private readonly people: PeopleRepository,
    private readonly state: ConversationState,
    private readonly notifications: NotificationCenter
  ) {}

  add(conversationId: string, authorId: string, body: string, mentionIds: string[] = []): Comment {
    const conversation = this.state.get(conversationId)
    const members = this.people.list()
    // A member's `@address` anywhere a word may start and end: after a space or a bracket or quote,
    // before punctuation ("(@ana@rapport.test)", "@ana@rapport.test’s", "… @ana@rapport.test."),
    // but not inside a longer address (@ana@rapport.test.au is not @ana@rapport.test). Chinese and
    // Japanese, written without spaces, put their characters right beside it ("请@ana@rapport.test确认").
    const typed = members.flatMap((m) => {
      if (!m.email) return []
      const escaped = m.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const mention = new RegExp(
        `(?<!${NOT_SPACELESS}[\\p{L}\\p{N}_.+\\-@])@${escaped}` +
          `(?!${NOT_SPACELESS}[\\p{L}\\p{N}_\\-@]|\\.[\\p{L}\\p{N}])`,
        'iu'
      )
      return mention.test(body) ? [m.id] : []
    })
    for (const id of mentionIds)
      if (!members.some((m) => m.id === id))
        throw new CoreError('NOT_FOUND', `There is no member with id ${id}.`, 'mentions')
    const mentions = [...new Set([...mentionIds, ...typed])]
    // The notification quotes the comment: it must not reach an agent whose role keeps them from
    // the conversation (they could not open it either). Said, not dropped: the author expects it.
    for (const member of members)
      if (mentions.includes(member.id) && member.id !== authorId && !canSeeRow(member, conversation))
        throw new CoreError(
          'MENTION_NOT_VISIBLE',
          `${member.name || member.email} cannot see this conversation, so a mention would not reach them. Assign it to them or their team first.`,
          // Which member: the comment box names them in the user's language.
          `mentions.${member.id}`
        )
    const row: Row = {
      id: randomUUID(),
      conversation_id: conversationId,
      author_id: authorId,
      body,
      mentions_json: JSON.stringify(mentions),
      created_at: this.clock.now()
    }
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO comments (id, conversation_id, author_id, body, mentions_json, created_at, hlc, updated_by)
           VALUES (@id, @conversation_id, @author_id, @body, @mentions_json, @created_at, @hlc, @author_id)`
        )
        .run({ ...row, hlc: this.hlc.tick() })
      const author = members.find((m) => m.id === authorId)
      // Cut between characters: half an emoji would show as U+FFFD.
      const excerpt = body.slice(0, 140).replace(/[\uD800-\uDBFF]$/, '')
      for (const memberId of mentions.filter((id) => id !== authorId))
        this.notifications.create({
          memberId,
          kind: 'mention',
          conversationId,
          commentId: row.id,
          text: `${author?.name || 'Someone'} mentioned you: ${excerpt}`,
          params: { author: author?.name || null, excerpt }
        })
    })()
    return toComment(row)
  }

  forConversation(conversationId: string): Comment[] {
    return (
      this.db
        .prepare(
          'SELECT * FROM comments WHERE conversation_id = ? AND deleted = 0 ORDER BY created_at, rowid'
        )
        .all(conversationId) as Row[]
    ).map(toComment)
  }
}
