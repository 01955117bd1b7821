// The first inbox frame's queries, sent by the boot entry (main.tsx) before React and the app's
// code are loaded, so their round trips overlap with parsing that code instead of following it.
// Each answer is handed once to the first matching callCommand. A `changed` event naming a table
// it was read from, a workspace switch, or age drops it if not taken yet, so it is never stale.
import type { CommandInput, CommandName, Response } from '../../../src-preload/contract'
import { useCrmStore } from '../store/crm-store'
import { getApi } from './rapport-client'

/** The list's page size; use-conversation-pages asks for the same, so its first call matches. */
export const CONVERSATION_PAGE_SIZE = 100
// The tables each first-screen query reads; its hook watches the same list (imported from here).
export const CONVERSATION_LIST_TABLES = ['conversations', 'messages', 'threads', 'contacts']
export const INBOX_TABLES = [
  'conversations',
  'inboxes',
  'teams',
  'members',
  'contacts',
  'messages',
  'accounts'
]
export const PEOPLE_TABLES = ['members', 'teams']
/** Answers not taken by then are dropped: the UI asked something else, or never will. */
const MAX_AGE_MS = 10_000

type AnyCommand = (input?: unknown) => Promise<Response<unknown>>
/** An answer that had arrived when a hook took it; `stale` turns true if its tables change. */
export type EarlyValue = { response: Response<unknown>; stale: boolean }
type Early = { answer: Promise<Response<unknown>>; tables: readonly string[]; value?: EarlyValue }
const early = new Map<string, Early>()
/** Values taken by a hook's first render, watched until its effect subscribes to `changed`. */
const taken = new Map<EarlyValue, readonly string[]>()

/** Same input, same key, whatever the order its fields were written in. */
function keyOf(name: string, input: unknown): string {
  const sorted = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => [k, sorted(v)])
        )
      : value
  return `${name} ${JSON.stringify(sorted(input ?? {}))}`
}

/** @param tables what the answer is read from: the same list the hook that takes it watches. */
function ask<K extends CommandName>(name: K, input: CommandInput<K>, tables: readonly string[]): void {
  const [domain, verb] = name.split('.') as [string, string]
  const command = (getApi() as unknown as Record<string, Record<string, AnyCommand>>)[domain]?.[verb]
  if (!command) return
  const answer = command(input).catch((error: unknown) => ({
    ok: false as const,
    error: { code: 'INTERNAL' as const, message: String(error) }
  }))
  const entry: Early = { answer, tables }
  early.set(keyOf(name, input), entry)
  void answer.then((response) => (entry.value = { response, stale: false }))
}

/** Sends the first screen's queries, in the order the first frame needs them. */
export function prefetchFirstScreen(): void {
  const { inbox, status, sort, unreplied } = useCrmStore.getState()
  ask('accounts.list', {}, ['accounts'])
  ask(
    'conversations.list',
    { inbox, status, sort, unreplied, limit: CONVERSATION_PAGE_SIZE },
    CONVERSATION_LIST_TABLES
  )
  ask('app.info', {}, [])
  ask('inboxes.list', {}, INBOX_TABLES)
  ask('members.list', {}, PEOPLE_TABLES)
  ask('teams.list', {}, PEOPLE_TABLES)
  const api = getApi()
  const offChanged = api.on('changed', ({ tables }) => {
    const touched = (read: readonly string[]) => read.some((t) => tables.includes(t))
    for (const [key, entry] of early) if (touched(entry.tables)) early.delete(key)
    for (const [value, read] of taken) if (touched(read)) value.stale = true
  })
  const dropAll = () => {
    early.clear()
    for (const value of taken.keys()) value.stale = true
    taken.clear()
    offChanged()
    offSwitched()
  }
  const offSwitched = api.on('workspace.switched', dropAll)
  setTimeout(dropAll, MAX_AGE_MS)
}

/**
 * For a hook's first render: the early answer for exactly this call if it has arrived, once.
 * The hook passes it to isEarlyValueFresh once it listens to `changed` itself.
 */
export function takeEarlyValue(name: string, input: unknown): EarlyValue | undefined {
  const key = keyOf(name, input)
  const entry = early.get(key)
  if (!entry?.value) return undefined
  early.delete(key)
  taken.set(entry.value, entry.tables)
  return entry.value
}

/** False when a change since the answer may have made it stale: the hook must query again. */
export function isEarlyValueFresh(value: EarlyValue): boolean {
  taken.delete(value)
  return !value.stale
}

/** The early answer for exactly this call, once; undefined when there is none. */
export function takeEarlyAnswer(name: string, input: unknown): Promise<Response<unknown>> | undefined {
  const key = keyOf(name, input)
  const entry = early.get(key)
  early.delete(key)
  return entry?.answer
}
