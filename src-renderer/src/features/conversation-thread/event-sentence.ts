// A timeline event as one sentence in the user's language, with why it happened when the core
// recorded a reason it has words for: "Closed by Dewi: the contact was blocked".
import type { TFunction } from 'i18next'
import { TimelineReason } from '../../../../src-preload/contract'

type EventLike = { type: string; actor: { kind: string }; data: Record<string, unknown> }

/**
 * The names an event's sentence puts in: who did it, to whom (member or team), until when, and
 * for a lead its title and the stages it moved between.
 */
export type EventWords = {
  actor: string
  to: string
  until: string
  lead?: string
  fromStage?: string
  toStage?: string
}

/**
 * A lead event's words, from what the core recorded with it (a lead's title as it was then); its
 * stages as `stageLabel` shows them, since they are recorded by their stored names.
 */
export function leadWords(
  data: Record<string, unknown>,
  stageLabel: (stage: string) => string
): Pick<EventWords, 'lead' | 'fromStage' | 'toStage'> {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  const stage = (value: unknown) => (typeof value === 'string' ? stageLabel(value) : undefined)
  return { lead: text(data.title), fromStage: stage(data.fromStage), toStage: stage(data.toStage) }
}

/** The event's reason when it is one the UI has words for; anything else is null. */
export function knownReason(data: Record<string, unknown>): TimelineReason | null {
  // Events recorded before reasons were codes may hold an English sentence: never shown raw.
  const parsed = TimelineReason.safeParse(data.reason)
  return parsed.success ? parsed.data : null
}

export function eventSentence(t: TFunction, event: EventLike, words: EventWords): string {
  const text = t(`crm.event.${event.type}`, {
    defaultValue: event.type,
    context: sentenceContext(event, words),
    ...words
  })
  const reason = knownReason(event.data)
  if (!reason) return text
  // The user's own new mail opened it ("new mail was sent"), not mail that arrived.
  const phrase = t(`crm.reason.${reason}`, { context: event.actor.kind === 'user' ? 'user' : undefined })
  return t('crm.eventWithReason', { event: text, reason: phrase })
}

/**
 * Which wording of the event: "Assignment to Budi failed" when the member is one we can name (else
 * "Assignment failed"); "Opened by the contact", not "Opened by The contact", where the actor is
 * not a person named mid-sentence.
 */
function sentenceContext(event: EventLike, words: EventWords): string | undefined {
  if (event.type === 'assign_failed') return words.to ? 'to' : undefined
  // A lead made by a +lead@ address was recorded without its title: "A lead was created".
  if (event.type === 'lead_created') return words.lead ? 'named' : undefined
  const byKind = event.type === 'opened' || event.type === 'closed'
  return byKind && (event.actor.kind === 'contact' || event.actor.kind === 'rule')
    ? event.actor.kind
    : undefined
}
