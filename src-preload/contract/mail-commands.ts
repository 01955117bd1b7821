import { z } from 'zod'
import {
  Account,
  AccountFilter,
  Empty,
  Folder,
  Id,
  ImportLimit,
  MAX_EMAIL,
  MailboxAddress,
  MailTask,
  MessageDetail,
  MessageIds,
  MessageSummary,
  SecretStoreKind,
  ServerSettings,
  SyncState,
  ThreadCursor,
  ThreadSummary,
  UnstoredMessage,
  Workspace
} from './mail-shapes'
import { ContactHit, MessageHit, SearchCursor, SearchQueryText, SearchStatus } from './search-shapes'
import { hasRecipient, NO_RECIPIENT, OutgoingMessage } from './outbox-shapes'

// Commands for mail: the app, accounts, sync, folders, messages, threads, search, workspaces.
// Each has an input schema and an output schema; names are "domain.verb".

/**
 * A move, archive or delete: applied locally at once. `taskIds` are the tasks that take it to the
 * server; one of them under failed tasks means the server refused it, and it was undone locally.
 */
const MoveOutput = z.object({ moved: z.number().int(), taskIds: z.array(Id) })

export const mailCommands = {
  'app.info': {
    input: Empty,
    output: z.object({
      version: z.string(),
      workspace: Workspace,
      secretStore: SecretStoreKind,
      /** Set when passwords cannot be kept between runs (no OS keychain), to tell the user. */
      secretStoreWarning: z.string().nullable()
    })
  },
  'accounts.list': { input: Empty, output: z.array(Account) },
  'accounts.add': {
    input: z
      .object({
        email: MailboxAddress,
        displayName: z.string().max(200).optional(),
        user: z.string().min(1).max(MAX_EMAIL),
        password: z.string().min(1).max(4096),
        imap: ServerSettings,
        smtp: ServerSettings,
        importLimit: ImportLimit.optional(),
        /** Skip the live login check (for adding an account while offline). */
        skipVerify: z.boolean().optional()
      })
      .strict(),
    output: Account
  },
  'accounts.remove': {
    input: z.object({ accountId: Id }).strict(),
    output: z.object({ removed: z.boolean() })
  },
  /** Sign in again: checks the new password against the IMAP server, then keeps it. */
  'accounts.setPassword': {
    input: z.object({ accountId: Id, password: z.string().min(1).max(4096) }).strict(),
    output: Account
  },
  'sync.run': {
    input: z.object({ accountId: Id.optional(), limit: ImportLimit.optional() }).strict(),
    output: z.array(z.object({ accountId: Id, fetched: z.number().int(), folders: z.array(z.string()) }))
  },
  'sync.status': { input: Empty, output: z.array(SyncState) },
  /** The messages counted in `unstoredMessages`, newest failure first. */
  'sync.unstored': { input: AccountFilter, output: z.array(UnstoredMessage) },
  'folders.list': { input: AccountFilter, output: z.array(Folder) },
  /** Chooses whether a folder is synced (by default Inbox, Sent, Drafts, Archive, Trash, Junk). */
  'folders.setSync': {
    input: z.object({ folderId: Id, enabled: z.boolean() }).strict(),
    output: Folder
  },
  /** Applied locally at once, then pushed to the server as a persisted, retried task. */
  'messages.setFlags': {
    input: z
      .object({
        messageIds: MessageIds,
        seen: z.boolean().optional(),
        flagged: z.boolean().optional(),
        answered: z.boolean().optional()
      })
      .strict(),
    output: z.object({ changed: z.number().int() })
  },
  /**
   * Moves the messages' copies to the folder: every copy elsewhere, or with `fromFolderId` only
   * those in that folder (a copy in Sent stays in Sent). `putBack` is Undo of such a move: as
   * many copies of each come back from `fromFolderId` as the move took from `folderId` (one when
   * the core no longer knows), and none to a folder that holds as many already.
   */
  'messages.move': {
    input: z
      .object({
        messageIds: MessageIds,
        folderId: Id,
        fromFolderId: Id.optional(),
        putBack: z.literal(true).optional()
      })
      .strict()
      .refine((input) => !input.putBack || input.fromFolderId !== undefined, {
        message: 'putBack needs fromFolderId: the folder the mail is put back from.',
        path: ['fromFolderId']
      }),
    output: MoveOutput
  },
  /**
   * Moves to the account's Archive folder (special-use \\Archive): every copy, or with
   * `fromFolderId` only those in that folder (a conversation archived from INBOX leaves Sent as is).
   */
  'messages.archive': {
    input: z.object({ messageIds: MessageIds, fromFolderId: Id.optional() }).strict(),
    output: MoveOutput
  },
  /** Moves to the account's Trash folder; nothing is expunged. */
  'messages.delete': {
    input: z.object({ messageIds: MessageIds }).strict(),
    output: MoveOutput
  },
  /** Tasks still waiting to reach the server, and those that failed for good. */
  'tasks.list': {
    input: z
      .object({ accountId: Id.optional(), state: z.enum(['pending', 'running', 'failed']).optional() })
      .strict(),
    output: z.array(MailTask)
  },
  /** Forgets changes that failed for good, once the user has seen them; others are left alone. */
  'tasks.dismiss': {
    input: z.object({ ids: z.array(Id).min(1).max(10_000) }).strict(),
    output: z.object({ dismissed: z.number().int() })
  },
  /**
   * A failed move made again from where its messages are now ("move it anyway" after another
   * program moved them first); its failure is dismissed with it.
   */
  'tasks.moveAgain': {
    input: z.object({ id: Id }).strict(),
    output: MoveOutput
  },
  'messages.list': {
    input: z
      .object({
        accountId: Id.optional(),
        folder: z.string().max(1000).optional(),
        limit: z.number().int().min(1).max(1_000_000).optional()
      })
      .strict(),
    output: z.array(MessageSummary)
  },
  'threads.list': {
    input: z
      .object({
        accountId: Id.optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
        /** Keyset paging: the last row of the previous page. */
        after: ThreadCursor.optional()
      })
      .strict(),
    output: z.array(ThreadSummary)
  },
  'threads.get': {
    input: z.object({ threadId: Id }).strict(),
    output: z.object({ thread: ThreadSummary, messages: z.array(MessageDetail) })
  },
  'threads.markRead': {
    input: z.object({ threadId: Id }).strict(),
    output: z.object({ changed: z.number().int() })
  },
  /**
   * Sends now through the outbox and waits. Not sent now, the message stays queued and goes on its
   * own: offline (HOST_UNREACHABLE), refused for now by the SMTP server (SEND_DEFERRED with the
   * server's 4xx words) or by the IMAP server at login (SEND_DEFERRED: a connection limit), or its
   * own trouble on the way (SYNC_FAILED, INTERNAL). SEND_FAILED (with
   * the server's words) is a message failed for good: it waits in the Outbox for Retry.
   */
  'messages.send': {
    input: z.object(OutgoingMessage).strict().refine(hasRecipient, NO_RECIPIENT),
    output: z.object({
      messageId: z.string(),
      threadId: Id,
      sentFolder: z.string().nullable(),
      /** Sent, but the server refused the copy for Sent, in its words (the Outbox lists it meanwhile). */
      sentCopyError: z.string().nullable(),
      /**
       * The server took it, and the connection to the mailbox was lost before the copy for Sent
       * was saved: the next sync saves it (the Outbox lists it as sending meanwhile).
       */
      sentCopyPending: z.boolean(),
      /** Recipients the server refused while it took the message for the others, and why. */
      notSentTo: z.array(
        z.object({ to: z.array(z.string()), state: z.enum(['retrying', 'failed']), reason: z.string() })
      )
    })
  },
  /** The query language is in src-main/core/search/query-parser.ts. All folders unless in:. */
  'search.messages': {
    input: z
      .object({
        query: SearchQueryText,
        limit: z.number().int().min(1).max(500).optional(),
        after: SearchCursor.optional()
      })
      .strict(),
    output: z.object({ hits: z.array(MessageHit), next: SearchCursor.nullable(), ...SearchStatus })
  },
  /** Word-prefix match on first and last name, email and phone. */
  'search.contacts': {
    input: z.object({ query: SearchQueryText, limit: z.number().int().min(1).max(200).optional() }).strict(),
    output: z.object({ contacts: z.array(ContactHit), ...SearchStatus })
  },
  /**
   * Rebuilds every search index from the stored mail, contacts and comments, in one transaction:
   * the core answers nothing else until it is done (~30-40 s at 100k messages). A background
   * rebuild under way after an upgrade (search.indexStatus) ends with it.
   */
  'search.reindex': {
    input: Empty,
    output: z.object({ messages: z.number().int(), contacts: z.number().int(), comments: z.number().int() })
  },
  'workspace.openSample': { input: Empty, output: z.object({ workspace: Workspace }) },
  'workspace.openMain': { input: Empty, output: z.object({ workspace: Workspace }) }
} as const
