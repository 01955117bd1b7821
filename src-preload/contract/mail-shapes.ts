import { z } from 'zod'
import { ApiError } from './errors'

// ---------------------------------------------------------------------------------------------
// Shared shapes.

export const Id = z.number().int().positive()
/** A date and time as ISO 8601. One that does not parse is refused, rather than read as "none". */
export const IsoDate = z.string().refine((date) => !Number.isNaN(Date.parse(date)), {
  message: 'Expected a date and time (ISO 8601, as Rapport gives them).'
})

export const Security = z.enum(['tls', 'starttls', 'none'])
export type Security = z.infer<typeof Security>

export const ServerSettings = z.object({
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  security: Security
})
export type ServerSettings = z.infer<typeof ServerSettings>

/** How many of the newest messages per folder the initial import takes; "all" takes everything. */
export const ImportLimit = z.union([z.number().int().min(1).max(10_000_000), z.literal('all')])
export type ImportLimit = z.infer<typeof ImportLimit>

export const Address = z.object({ name: z.string(), address: z.string() })
export type Address = z.infer<typeof Address>

export const SecretStoreKind = z.enum(['safeStorage', 'keychain', 'memory'])
export type SecretStoreKind = z.infer<typeof SecretStoreKind>

export const Account = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  user: z.string(),
  imap: ServerSettings,
  smtp: ServerSettings,
  importLimit: ImportLimit,
  kind: z.enum(['mailbox', 'sample']),
  /** How the account signs in: a password, or OAuth2 tokens (Google, Microsoft). */
  auth: z.enum(['password', 'oauth2']).optional(),
  /** For OAuth2 accounts, whose sign-in page "sign in again" opens. */
  oauthProvider: z.enum(['google', 'microsoft']).nullable().optional(),
  createdAt: IsoDate,
  /** "needs-signin": the server refused the credentials; sync is paused until accounts.setPassword. */
  state: z.enum(['active', 'needs-signin', 'archived']).optional(),
  /** The server's reason for the state, e.g. its authentication failure text. */
  stateReason: z.string().nullable().optional(),
  /** A shared (team) mailbox rather than a personal one. */
  shared: z.boolean().optional(),
  /** Seconds between polls of the folders other than INBOX; null means the default (120). */
  pollIntervalSeconds: z.number().int().nullable().optional(),
  /**
   * Plain text put at the end of a message from this mailbox, after the "-- " line ('' for none;
   * accounts.setSignature).
   */
  signature: z.string().optional()
})
export type Account = z.infer<typeof Account>

export const Folder = z.object({
  id: Id,
  accountId: Id,
  path: z.string(),
  name: z.string(),
  specialUse: z.string().nullable(),
  syncEnabled: z.boolean(),
  uidValidity: z.number().nullable(),
  uidNext: z.number().nullable(),
  highestModseq: z.string().nullable(),
  messageCount: z.number().int(),
  /**
   * False once the server no longer lists it (deleted, or renamed where Rapport could not follow):
   * its mail stays readable here, but it is not synced and nothing can be moved into it.
   */
  onServer: z.boolean(),
  /**
   * True once the server has shown it keeps none of the flags Rapport sets here (a shared folder
   * this mailbox may only read): its mail cannot be marked read, flagged or replied there. Shown
   * by its rights (RFC 4314 ACL) when the server has them, else by the first refused change.
   */
  readOnly: z.boolean(),
  /** False when the server's rights for this mailbox do not let mail be moved into it. */
  canAddMail: z.boolean(),
  /** False when they do not let its mail be moved out or deleted (to Trash). */
  canRemoveMail: z.boolean(),
  /**
   * Synced, but the server refused to open it at the last pass (no right to read it, say): its
   * words. The other folders sync on; each pass tries it again and clears this once it opens.
   * Null for a folder not synced now.
   */
  openError: z.string().nullable()
})
export type Folder = z.infer<typeof Folder>

export const MessageSummary = z.object({
  id: Id,
  accountId: Id,
  messageId: z.string(),
  threadId: Id.nullable(),
  folder: z.string().nullable(),
  uid: z.number().int().nullable(),
  subject: z.string(),
  from: Address.nullable(),
  to: z.array(Address),
  date: IsoDate,
  flags: z.array(z.string()),
  unread: z.boolean(),
  direction: z.enum(['in', 'out']),
  snippet: z.string(),
  hasAttachments: z.boolean(),
  /** Gone from every server folder; Rapport keeps it (and its cached attachments). */
  deletedOnServer: z.boolean().optional(),
  /**
   * Every copy on the server is marked \Deleted by another program that has not erased it yet
   * ("mark as deleted" mode): still mail there, and it may be undeleted.
   */
  markedDeletedOnServer: z.boolean().optional()
})
export type MessageSummary = z.infer<typeof MessageSummary>

/**
 * A message's server copies: all gone ('deleted': Rapport keeps its own) or all marked \Deleted
 * by another program and not erased yet ('marked'); as deletedOnServer / markedDeletedOnServer.
 */
export const ServerDeletion = z.enum(['deleted', 'marked'])
export type ServerDeletion = z.infer<typeof ServerDeletion>

export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int()
})
export type Attachment = z.infer<typeof Attachment>

/** An image of the HTML body carried by the message itself, for its cid: URL. */
export const InlineImage = z.object({
  /** The cid: URL exactly as the HTML writes it. */
  url: z.string(),
  /**
   * The part holding the image: its bytes come from attachments.read, once per image, not with
   * every read of the thread (a thread is read again on each change while it is open).
   */
  attachmentId: Id,
  /** Its size in bytes (decoded), as an attachment's: what a forward carrying it adds. */
  size: z.number().int()
})
export type InlineImage = z.infer<typeof InlineImage>

/**
 * Why a message could not be read completely (its structure broke the parser): more parts than
 * Rapport reads, a part's header too large, an HTML body too long or unreadable, or anything
 * else (UNREADABLE, with the parser's words in parseError).
 */
export const ParseErrorCode = z.enum([
  'TOO_MANY_PARTS',
  'HEADER_TOO_LARGE',
  'HTML_TOO_LONG',
  'HTML_UNREADABLE',
  'UNREADABLE'
])
export type ParseErrorCode = z.infer<typeof ParseErrorCode>

export const MessageDetail = MessageSummary.extend({
  cc: z.array(Address),
  /** Blind copies: named only in the sender's own copy (mail sent from here, its copy in Sent). */
  bcc: z.array(Address),
  /** The Reply-To header's addresses (a contact form, a mailing list): replies go there, not to From. */
  replyTo: z.array(Address),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  text: z.string().nullable(),
  /** Raw HTML as received. The renderer must sanitize it before display. */
  html: z.string().nullable(),
  /** What the html's cid: URLs stand for; those parts are left out of attachments. */
  inlineImages: z.array(InlineImage),
  attachments: z.array(Attachment),
  /** The parser's own words (English), for diagnostics and scripts; windows say parseErrorCode. */
  parseError: z.string().nullable(),
  /** Why the message could not be read completely, as windows say it in the user's language. */
  parseErrorCode: ParseErrorCode.nullable(),
  /** Its sender is one whose remote images the user chose to always show (images.allowSender). */
  imagesAllowedForSender: z.boolean()
})
export type MessageDetail = z.infer<typeof MessageDetail>

export const ThreadSummary = z.object({
  id: Id,
  accountId: Id,
  subject: z.string(),
  messageCount: z.number().int(),
  unreadCount: z.number().int(),
  lastMessageAt: IsoDate,
  lastFrom: Address.nullable(),
  snippet: z.string(),
  hasAttachments: z.boolean()
})
export type ThreadSummary = z.infer<typeof ThreadSummary>

export const ThreadCursor = z.object({ lastMessageAt: IsoDate, id: Id })
export type ThreadCursor = z.infer<typeof ThreadCursor>

export const SyncStateName = z.enum(['idle', 'syncing', 'up-to-date', 'error'])
export const SyncState = z.object({
  accountId: Id,
  state: SyncStateName,
  lastSyncAt: IsoDate.nullable(),
  error: ApiError.nullable(),
  /** Local changes (tasks) not on the server yet: "offline, N changes waiting". */
  pendingChanges: z.number().int().optional(),
  /** Messages fetched but not stored (each pass tries them again): shown so none is missing silently. */
  unstoredMessages: z.number().int().optional(),
  /** Synced folders the server refused to open at the last pass (see Folder.openError). */
  refusedFolders: z.number().int().optional(),
  /**
   * The server refuses IDLE for now (Microsoft 365 when it throttles): new mail in Inbox is
   * checked every few minutes at most instead of arriving at once.
   */
  pushPaused: z.boolean().optional()
})
export type SyncState = z.infer<typeof SyncState>

/** A message a pass fetched but could not store: what it is, where it sits, and why. */
export const UnstoredMessage = z.object({
  accountId: Id,
  folder: z.string(),
  uid: z.number().int(),
  /** From the headers that could be read; null for a message set aside before they were kept. */
  subject: z.string().nullable(),
  sender: z.string().nullable(),
  reason: z.string(),
  failedAt: IsoDate
})
export type UnstoredMessage = z.infer<typeof UnstoredMessage>

/** Progress over all of an account's folders, and which folder is under way ("folder 2 of 6"). */
export const OverallProgress = z.object({
  done: z.number().int(),
  total: z.number().int(),
  folderNumber: z.number().int(),
  folders: z.number().int()
})

export const SyncProgress = z.object({
  accountId: Id,
  folder: z.string(),
  phase: z.enum(['connecting', 'listing', 'fetching', 'done']),
  /** Messages stored so far in this folder, and how many this pass will fetch. */
  done: z.number().int(),
  total: z.number().int(),
  /**
   * The whole account while an import is under way (a folder synced for the first time): mail
   * stored in all its synced folders, out of what they will hold, and which folder this is.
   * Folders not started yet count what the server's STATUS says they hold.
   */
  overall: OverallProgress.optional()
})
export type SyncProgress = z.infer<typeof SyncProgress>

/**
 * What a task's lastError is. SERVER_SAID: the server's own words, shown as they are. FOLDER_GONE:
 * the destination folder is no longer on the server. NO_REASON: the server refused without saying
 * why. FLAGS_NOT_KEPT: the folder is read-only for this mailbox (its PERMANENTFLAGS leave the
 * flag out), so the change cannot be kept there. Rapport's reasons are translated from the code;
 * null is an unexpected error in English.
 */
export const TaskErrorCode = z.enum([
  'SERVER_SAID',
  'FOLDER_GONE',
  'NO_REASON',
  'FLAGS_NOT_KEPT',
  /** Another program moved or deleted the messages before the move reached the server. */
  'CHANGED_ELSEWHERE',
  /** The folder the mail was to leave does not let this mailbox remove mail (a shared folder it may only read). */
  'MAY_NOT_REMOVE'
])
export type TaskErrorCode = z.infer<typeof TaskErrorCode>

/** A user action waiting to be pushed to the server (or that failed for good, with the error). */
export const MailTask = z.object({
  id: Id,
  accountId: Id,
  kind: z.enum(['flags', 'move']),
  state: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorCode: TaskErrorCode.nullable(),
  runAfter: IsoDate,
  createdAt: IsoDate,
  /** What the change was: how many messages, where a move went, which flags it set and cleared. */
  messageCount: z.number().int(),
  /** The messages it changes, so a message's own view can tell that its change failed. */
  messageIds: z.array(Id),
  folder: z.string().nullable(),
  /** Where a move goes (null for a flag change): what "move it anyway" moves to. */
  folderId: Id.nullable(),
  /**
   * For a move that failed: the folders Rapport now shows its messages in, as the server has
   * them (another program's Trash, say). Empty when they are nowhere Rapport syncs.
   */
  nowIn: z.array(z.string()),
  added: z.array(z.string()),
  removed: z.array(z.string())
})
export type MailTask = z.infer<typeof MailTask>

export const MessageIds = z.array(Id).min(1).max(10_000)

export const Workspace = z.enum(['main', 'sample'])
export type Workspace = z.infer<typeof Workspace>

export const Empty = z.object({}).strict()
export const MAX_EMAIL = 320

/**
 * The shape of a mailbox's own address: name@domain, where the domain may be internationalized
 * (bücher.example) or an address literal ([192.0.2.7], [IPv6:2001:db8::1]), both of which
 * z.email() refuses. Its dot may be any IDNA reads as one (ana@qq。com typed through an
 * IME, see typed-domain.ts); the core checks the domain itself (parseMailDomain) and saves it plain.
 */
export const MAILBOX_ADDRESS_PATTERN = /^[^\s@]+@(?:\[[^\s\]]+\]|[^\s@[\]]+[.。．｡][^\s@[\]]+)$/
export const MailboxAddress = z
  .string()
  .trim()
  .max(MAX_EMAIL)
  .regex(MAILBOX_ADDRESS_PATTERN, 'Type the address as name@domain, e.g. ana@example.com.')
export const AccountFilter = z.object({ accountId: Id.optional() }).strict()
