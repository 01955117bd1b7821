// The single source of truth for everything that crosses from a UI (Electron window, web page,
// CLI, tests) into the core: commands (request -> response) and events (core -> UI pushes).
// The core validates every input with these schemas, because the renderer shows hostile mail.
import { z } from 'zod'

// ---------------------------------------------------------------------------------------------
// Errors: stable codes the UI translates, plus a human message (and, for forms, the field).

export const errorCodes = [
  'AUTH_FAILED',
  'HOST_UNREACHABLE',
  'TLS_INVALID',
  'INSECURE_NOT_ALLOWED',
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'SEND_FAILED',
  'SYNC_FAILED',
  'SECRET_MISSING',
  'UNKNOWN_COMMAND',
  'INTERNAL'
] as const
export const ErrorCode = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof ErrorCode>

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Dotted path of the form field the error belongs to, e.g. "password" or "imap.host". */
  field: z.string().optional()
})
export type ApiError = z.infer<typeof ApiError>

export type Response<T> = { ok: true; value: T } | { ok: false; error: ApiError }

// ---------------------------------------------------------------------------------------------
// Shared shapes.

const Id = z.number().int().positive()
const IsoDate = z.string()

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
  createdAt: IsoDate
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
  messageCount: z.number().int()
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
  hasAttachments: z.boolean()
})
export type MessageSummary = z.infer<typeof MessageSummary>

export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int()
})
export type Attachment = z.infer<typeof Attachment>

export const MessageDetail = MessageSummary.extend({
  cc: z.array(Address),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  text: z.string().nullable(),
  /** Raw HTML as received. The renderer must sanitize it before display. */
  html: z.string().nullable(),
  attachments: z.array(Attachment),
  parseError: z.string().nullable()
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
  error: ApiError.nullable()
})
export type SyncState = z.infer<typeof SyncState>

export const SyncProgress = z.object({
  accountId: Id,
  folder: z.string(),
  phase: z.enum(['connecting', 'listing', 'fetching', 'done']),
  /** Messages stored so far in this folder, and how many this pass will fetch. */
  done: z.number().int(),
  total: z.number().int()
})
export type SyncProgress = z.infer<typeof SyncProgress>

export const Workspace = z.enum(['main', 'sample'])
export type Workspace = z.infer<typeof Workspace>

// ---------------------------------------------------------------------------------------------
// Commands. Each has an input schema and an output schema; names are "domain.verb".

const Empty = z.object({}).strict()
const AccountFilter = z.object({ accountId: Id.optional() }).strict()
const MAX_EMAIL = 320

export const commands = {
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
        email: z.email().max(MAX_EMAIL),
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
  'folders.list': { input: AccountFilter, output: z.array(Folder) },
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
  'messages.send': {
    input: z
      .object({
        accountId: Id,
        to: z.array(z.email().max(MAX_EMAIL)).min(1).max(500),
        cc: z.array(z.email().max(MAX_EMAIL)).max(500).optional(),
        subject: z.string().max(998),
        text: z.string().max(10_000_000),
        /** The Message-ID being replied to; the core fills In-Reply-To and References. */
        inReplyTo: z.string().max(998).optional()
      })
      .strict(),
    output: z.object({
      messageId: z.string(),
      threadId: Id,
      sentFolder: z.string().nullable()
    })
  },
  'workspace.openSample': { input: Empty, output: z.object({ workspace: Workspace }) },
  'workspace.openMain': { input: Empty, output: z.object({ workspace: Workspace }) }
} as const

export type Commands = typeof commands
export type CommandName = keyof Commands
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>
export type ParsedCommandInput<K extends CommandName> = z.output<Commands[K]['input']>
export type CommandOutput<K extends CommandName> = z.infer<Commands[K]['output']>
export const commandNames = Object.keys(commands) as CommandName[]

// ---------------------------------------------------------------------------------------------
// Events, pushed from the core to every connected UI.

export const events = {
  /** Data changed: re-query what you show. Never carries object graphs. */
  changed: z.object({ tables: z.array(z.string()), ids: z.array(z.union([z.string(), z.number()])) }),
  'sync.progress': SyncProgress,
  'sync.state': SyncState,
  'workspace.switched': z.object({ workspace: Workspace })
} as const

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<K extends EventName> = z.infer<Events[K]>
export const eventNames = Object.keys(events) as EventName[]

// ---------------------------------------------------------------------------------------------
// Wire frames, identical over a MessagePort (Electron) and a WebSocket (web mode).

export type RequestFrame = { type: 'request'; id: number; command: string; input: unknown }
export type ResponseFrame = { type: 'response'; id: number; response: Response<unknown> }
export type EventFrame = { type: 'event'; name: EventName; payload: unknown }
export type CoreFrame = ResponseFrame | EventFrame
