import type { Database, Statement } from 'better-sqlite3'
import type { ThreadsMerged } from '../../../src-preload/contract'
import { ContactLinker } from '../crm/contact-linker'
import { ConversationLinker } from '../crm/conversation-linker'
import type { ConversationRules } from '../crm/conversation-rules'
import type { HybridClock } from '../db/hybrid-clock'
import type { ParsedMessage } from '../mail/message-parser'
import { MessageIndex, type IndexEntry } from '../search/message-index'
import type { AttachmentCache } from './attachment-cache'
import { ThreadAggregates } from '../threading/thread-aggregates'
import { ThreadBuilder } from '../threading/thread-builder'
import { editFlags, MessageFlags, normalizeFlags } from './message-flags'
import type { PendingChanges } from '../sync/task-queue'
import { MessageRows, type Direction, type Filing } from './message-rows'
import { isAnotherMessage, withOwnMessageId, type StoredIdentity } from './message-id-collision'

export type StoreContext = {
  accountId: number
  threadingEnabled: boolean
  /** The user's own addresses: mail from them is outgoing and they never become contacts. */
  ownAddresses: ReadonlySet<string>
  /**
   * Where the messages were found; null for a message stored before the server confirmed it.
   * `newFrom`: the folder's UIDNEXT at its last pass, so a UID at or above it reached the server
   * since (new mail, whatever its Date header says); absent on a first import and a backfill.
   */
  folder: {
    id: number
    uidValidity: number
    isSent: boolean
    /** Its special use (RFC 6154): in \\Drafts, what is new is a draft (see isDraft). */
    specialUse?: string | null
    newFrom?: number | null
  } | null
  /**
   * Flag changes of the user's still on their way to the server, per stored message: a copy of
   * such a message found now gets the server's flags with them on top, as a pass shows them
   * (LocationStore.applyServerFlags). Absent: none.
   */
  pending?: PendingChanges
  /**
   * Mail the user just sent from Rapport (the outbox): new mail, as mail a pass finds above its
   * UIDNEXT is, whatever folder it is filed in. Absent: only the UID tells.
   */
  sentNow?: boolean
  /**
   * Older mail, below what the folder's first import took in: found by "Sync older mail", or by a
   * deeper import depth (folder-importer.ts). It is history: a conversation it starts is closed,
   * unassigned and lights no new-mail dot (conversation-rules.ts). Absent: a first import, or a
   * pass's new mail.
   */
  olderMail?: boolean
}

export type IncomingMessage = {
  uid: number | null
  flags: string[]
  modseq?: string | null
  parsed: ParsedMessage
}

export type StoreResult = { messageIds: number[]; threadIds: Set<number>; created: number }

/**
 * A message not written yet: found in the Drafts folder, or marked \Draft (Gmail's All Mail has
 * the drafts too). It is kept, at its locations, but in no conversation, contact or search: a
 * reply another program is writing is not mail the client got. Each save there replaces the last
 * copy, and an old one must not stay behind as a message "deleted on the server"
 * (LocationStore.forgetDrafts forgets it). Found later anywhere else, it is mail after all.
 */
export function isDraft(context: StoreContext, item: IncomingMessage): boolean {
  return context.folder?.specialUse === '\\Drafts' || item.flags.includes('\\Draft')
}

/** Where a draft is still no mail: thrown away (another program moves a deleted draft to Trash). */
const STILL_A_DRAFT_IN = new Set(['\\Trash', '\\Junk'])

/**
 * Writes a batch of parsed messages in one transaction: message identity by Message-ID, its
 * location, attachments metadata, thread, contact, conversation and full-text index. A message
 * seen again (another folder, a re-sync) only gains a location and flags, so re-syncing never
 * duplicates anything.
 */
export class MessageStore {
  private readonly threads: ThreadBuilder
  private readonly aggregates: ThreadAggregates
  private readonly contacts: ContactLinker
  private readonly conversations: ConversationLinker
  private readonly findMessage: Statement
  private readonly insertLocation: Statement
  private readonly dropProvisional: Statement
  private readonly undelete: Statement
  private readonly flags: MessageFlags
  private readonly rows: MessageRows
  private readonly search: MessageIndex

  constructor(
    private readonly db: Database,
    clock: HybridClock,
    /** CRM rules (open, reopen, assign, smart addresses); without them conversations are just created. */
    private readonly rules: ConversationRules | null = null,
    /** Where attachment bytes are kept offline; null (in-memory tests) keeps metadata only. */
    private readonly attachmentCache: AttachmentCache | null = null,
    /** Threading merged conversations (and moved their reply drafts along). */
    merged?: (merge: ThreadsMerged) => void
  ) {
    // Merges made by sync (a message that links two threads); a merge by hand is recorded as the user's.
    this.threads = new ThreadBuilder(db, merged, (survivor, absorbed, fromThread, waiting) =>
      rules?.threadsMerged(survivor, absorbed, fromThread, waiting)
    )
    this.aggregates = new ThreadAggregates(db)
    this.contacts = new ContactLinker(db, clock)
    this.conversations = new ConversationLinker(db, clock)
    this.findMessage = db.prepare(
      'SELECT id, thread_id, is_draft, date, date_by_header FROM messages WHERE account_id = ? AND message_id = ?'
    )
    this.insertLocation =
      db.prepare(`INSERT INTO message_locations (message_pk, folder_id, uid_validity, uid, flags_json, modseq)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (folder_id, uid_validity, uid) DO UPDATE SET flags_json = excluded.flags_json, modseq = excluded.modseq`)
    // A local move leaves a provisional location (negative UID) until the server's UID is known.
    this.dropProvisional = db.prepare(
      'DELETE FROM message_locations WHERE message_pk = ? AND folder_id = ? AND uid < 0'
    )
    this.undelete = db.prepare(
      'UPDATE messages SET deleted_on_server = 0 WHERE id = ? AND deleted_on_server = 1'
    )
    this.flags = new MessageFlags(db)
    this.rows = new MessageRows(db, attachmentCache)
    this.search = new MessageIndex(db)
  }

  /**
   * Parsed mail that was not stored (its pass stopped or failed first): the attachment bytes its
   * parse cached go, unless a stored message has the same. Not at once: cached within the hour,
   * they may be another import's too (AttachmentCache.release); a later sweep takes them.
   */
  releaseUnstored(incoming: IncomingMessage[]): void {
    const keys = incoming.flatMap((m) =>
      m.parsed.attachments.flatMap((a) => (a.cacheKey ? [a.cacheKey] : []))
    )
    this.attachmentCache?.release(this.db, keys)
  }

  /**
   * Stores a batch atomically. Inside a caller's transaction (an import slice) it joins that one
   * instead of nesting: better-sqlite3 nests as a SAVEPOINT, whose sub-journal copies every page
   * the batch touches, a tenth of the import's store time. A throw still rolls the whole batch back,
   * with the caller's transaction.
   */
  storeBatch(context: StoreContext, batch: IncomingMessage[]): StoreResult {
    const store = () => {
      const result: StoreResult = { messageIds: [], threadIds: new Set(), created: 0 }
      const searchEntries: IndexEntry[] = []
      for (const item of batch) {
        const { id, threadId, search } = this.storeOne(context, item)
        result.messageIds.push(id)
        if (threadId !== null) result.threadIds.add(threadId)
        if (search) {
          searchEntries.push(search)
          result.created++
        }
      }
      // All at once: in key order, the batch makes one segment of each index (message-index.ts).
      this.search.addAll(searchEntries)
      this.aggregates.refresh(result.threadIds)
      return result
    }
    return this.db.inTransaction ? store() : this.db.transaction(store)()
  }

  private storeOne(
    context: StoreContext,
    fetched: IncomingMessage
  ): { id: number; threadId: number | null; search: IndexEntry | null } {
    let item = fetched
    let existing = this.findMessage.get(context.accountId, item.parsed.messageId) as StoredRow | undefined
    // Another message under that Message-ID: stored as itself, under an id of its own.
    if (existing && isAnotherMessage(existing, item.parsed, isDraft(context, item))) {
      item = { ...item, parsed: withOwnMessageId(item.parsed) }
      existing = this.findMessage.get(context.accountId, item.parsed.messageId) as StoredRow | undefined
    }
    const stored = this.storeRow(context, item, existing)
    const { id } = stored
    if (context.folder && item.uid !== null) {
      // A message found again while the user's flag change waits to go up: that change on top.
      const edits = existing ? (context.pending?.get(id) ?? []) : []
      const flags = edits.reduce<string[]>((f, e) => editFlags(f, e.add, e.remove), item.flags)
      this.insertLocation.run(
        id,
        context.folder.id,
        context.folder.uidValidity,
        item.uid,
        JSON.stringify(normalizeFlags(flags)),
        item.modseq ?? null
      )
      // A message stored just now has no other location, no provisional one and no deletion mark,
      // and was inserted with these very flags: the three steps below only matter for one
      // found again. Skipping them saved ~6 % of the core's main thread in a 10k import.
      if (existing) {
        this.dropProvisional.run(id, context.folder.id)
        // Found again (moved here, or restored): it is on the server after all.
        this.undelete.run(id)
        this.flags.merge(id)
      }
    }
    return { id, threadId: stored.threadId, search: stored.search }
  }

  /** The message's row: a new draft or mail, a draft that turns out to be mail, or as stored. */
  private storeRow(
    context: StoreContext,
    item: IncomingMessage,
    existing: StoredRow | undefined
  ): { id: number; threadId: number | null; search: IndexEntry | null } {
    const draft = isDraft(context, item)
    if (!existing) return draft ? this.keepDraft(context, item, null) : this.file(context, item, null)
    if (existing.is_draft === 0) return { id: existing.id, threadId: existing.thread_id, search: null }
    // A program that keeps a draft's Message-ID while it is written saves each version under it.
    if (draft) return this.keepDraft(context, item, existing.id)
    // A draft found elsewhere (moved there, or sent with its Message-ID) is mail now.
    return context.folder !== null && !STILL_A_DRAFT_IN.has(context.folder.specialUse ?? '')
      ? this.file(context, item, existing.id)
      : { id: existing.id, threadId: null, search: null }
  }

  /**
   * Files a message into its conversation, contact and the search (indexing is left to the batch,
   * storeBatch): a new one, or a draft stored earlier (`draftId`) that turned out to be mail,
   * rewritten as this copy has it (the version sent, not the first one stored).
   */
  private file(
    context: StoreContext,
    item: IncomingMessage,
    draftId: number | null
  ): { id: number; threadId: number; search: IndexEntry } {
    const { parsed } = item
    const direction = directionOf(context, parsed)
    const { threadId, contactId } = this.threadAndContact(context, parsed, direction)
    const filing = { threadId, contactId, direction }
    const id = this.rows.write(draftId, context.accountId, item, filing, { keepBytes: true })
    this.filed(context, item, filing)
    return { id, threadId, search: searchEntry(id, parsed) }
  }

  /**
   * Stores a draft (isDraft), new or as a newer version of the draft row `draftId`: in no
   * conversation. Its files' bytes are not kept (the cache's sweep, at start or hourly, deletes what
   * its parse cached): read from the server if it ever becomes mail.
   */
  private keepDraft(
    context: StoreContext,
    item: IncomingMessage,
    draftId: number | null
  ): { id: number; threadId: null; search: null } {
    const direction = directionOf(context, item.parsed)
    const filing = { threadId: null, contactId: null, direction }
    const id = this.rows.write(draftId, context.accountId, item, filing, { keepBytes: false })
    return { id, threadId: null, search: null }
  }

  private threadAndContact(
    context: StoreContext,
    parsed: ParsedMessage,
    direction: Direction
  ): { threadId: number; contactId: string | null } {
    const threadId = this.threads.assign({
      accountId: context.accountId,
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      subject: parsed.subject,
      // The user is in every conversation, so only other people count as a shared participant.
      participants: [parsed.from?.address, ...parsed.to.map((a) => a.address)].filter(
        (a): a is string => !!a && !context.ownAddresses.has(a)
      ),
      threadingEnabled: context.threadingEnabled
    })
    const contactId = this.contacts.link({ ...parsed, direction }, context.ownAddresses)
    return { threadId, contactId }
  }

  /** What a message filed into a conversation sets off: the CRM rules, or just its conversation. */
  private filed(context: StoreContext, item: IncomingMessage, filing: Filing & { threadId: number }): void {
    const { parsed } = item
    const { threadId, contactId, direction } = filing
    if (this.rules) {
      this.rules.onMessage({
        ...parsed,
        accountId: context.accountId,
        threadId,
        contactId,
        direction,
        ownAddresses: context.ownAddresses,
        arrived:
          context.sentNow === true ||
          (item.uid !== null && item.uid >= (context.folder?.newFrom ?? Infinity)),
        setAsideIn: SET_ASIDE.get(context.folder?.specialUse ?? ''),
        olderMail: context.olderMail === true
      })
    } else {
      this.conversations.ensure(context.accountId, threadId, contactId, parsed.date)
    }
  }
}

/** Folders whose mail someone put aside: it opens no conversation (conversation-rules.ts). */
const SET_ASIDE = new Map<string, 'junk' | 'trash'>([
  ['\\Junk', 'junk'],
  ['\\Trash', 'trash']
])

/** A message stored already, as storeOne finds it by Message-ID. */
type StoredRow = StoredIdentity & { id: number; thread_id: number | null }

function directionOf(context: StoreContext, parsed: ParsedMessage): Direction {
  const fromOwn = parsed.from ? context.ownAddresses.has(parsed.from.address) : false
  return fromOwn || context.folder?.isSent ? 'out' : 'in'
}

function searchEntry(id: number, parsed: ParsedMessage): IndexEntry {
  // Images of the HTML body are stored with the attachments but are not attachments to the user.
  const listed = parsed.attachments.filter((a) => !a.inline)
  const doc = { ...parsed, attachmentNames: listed.map((a) => a.filename), hasAttachments: listed.length > 0 }
  return { id, doc }
}
