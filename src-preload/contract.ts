// The single source of truth for everything that crosses from a UI (Electron window, web page,
// CLI, tests) into the core: commands (request -> response) and events (core -> UI pushes).
// The core validates every input with these schemas, because the renderer shows hostile mail.
import { z } from 'zod'
import { accountCommands } from './contract/account-commands'
import { BackfillStatus } from './contract/account-shapes'
import { crmCommands } from './contract/crm-commands'
import { draftCommands } from './contract/draft-commands'
import { imageCommands } from './contract/image-commands'
import { mailCommands } from './contract/mail-commands'
import { oauthClientCommands } from './contract/oauth-client-commands'
import { outboxCommands } from './contract/outbox-commands'
import { searchCommands } from './contract/search-commands'
import { providerCommands } from './contract/provider-commands'
import { testingCommands } from './contract/testing-commands'
import { Notification } from './contract/crm-shapes'
import type { Response } from './contract/errors'
import { SyncProgress, SyncState, Workspace } from './contract/mail-shapes'
import { SearchIndexStatus } from './contract/search-shapes'
import { ThreadsMerged } from './contract/draft-shapes'

export * from './contract/errors'
export * from './contract/mail-shapes'
export * from './contract/search-shapes'
export * from './contract/crm-shapes'
export * from './contract/outbox-shapes'
export * from './contract/draft-shapes'
export * from './contract/email-address'
export * from './contract/typed-domain'
export * from './contract/conversation-visibility'
export * from './contract/account-shapes'
export * from './contract/provider-commands'
export * from './contract/oauth-client-commands'

// ---------------------------------------------------------------------------------------------
// Commands, one map per domain (see contract/*-commands.ts), joined into the one contract.

export const commands = {
  ...mailCommands,
  ...accountCommands,
  ...providerCommands,
  ...oauthClientCommands,
  ...crmCommands,
  ...searchCommands,
  ...imageCommands,
  ...outboxCommands,
  ...draftCommands,
  ...testingCommands
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
  /** "Sync older mail" progress of one folder, after every batch and state change. */
  'sync.backfill': BackfillStatus,
  /** The background rebuild of the search index, after every page and when it ends (search.indexStatus). */
  'search.index': SearchIndexStatus,
  'workspace.switched': z.object({ workspace: Workspace }),
  /** Every merge of two threads, with the reply drafts it moved (draft-moves.ts). */
  'threads.merged': ThreadsMerged,
  /**
   * A new notification of the local user (a mention, a snooze woke), for the notification centre.
   * A window asks notifications.announce what to pop up on the desktop: this one, unless another
   * window showed it already.
   */
  notification: Notification
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
