// One timeline entry in the conversation pane: an event ("Dewi assigned this to Budi") or an
// internal comment with its mentions highlighted.
import { useTranslation } from 'react-i18next'
import type { TimelineEntry } from '../../../../src-preload/contract'
import { Avatar } from '../../components/Avatar'
import { formatFullDate } from '../../i18n/format'
import { useStageLabel } from '../../i18n/stage-label'
import type { People } from '../people/use-members'
import { eventSentence, leadWords } from './event-sentence'

type Props = { entry: TimelineEntry; people: People }

function memberName(people: People, id: unknown): string {
  if (typeof id !== 'string') return ''
  const member = people.byId.get(id)
  return member ? member.name || member.email : ''
}

export function useActorName(people: People): (actor: { kind: string; id: string | null }) => string {
  const { t } = useTranslation()
  return (actor) =>
    actor.kind === 'user'
      ? memberName(people, actor.id) || t('crm.actor.user')
      : t(`crm.actor.${actor.kind}`, { defaultValue: actor.kind })
}

export function EventText({
  entry,
  people
}: {
  entry: Extract<TimelineEntry, { kind: 'event' }>
  people: People
}) {
  const { t, i18n } = useTranslation()
  const actorName = useActorName(people)
  const stageLabel = useStageLabel()
  const data = entry.data
  const team = typeof data.team === 'string' ? people.teams.find((x) => x.id === data.team)?.name : undefined
  return (
    <>
      {eventSentence(t, entry, {
        actor: actorName(entry.actor),
        to: team ?? memberName(people, data.to),
        until:
          typeof data.until === 'number'
            ? formatFullDate(new Date(data.until).toISOString(), i18n.language)
            : '',
        ...leadWords(data, stageLabel)
      })}
    </>
  )
}

export function TimelineEntryView({ entry, people }: Props) {
  const { i18n } = useTranslation()
  const when = formatFullDate(entry.at, i18n.language)
  if (entry.kind === 'event') {
    return (
      <div className="timeline-event" data-testid="timeline-event" data-type={entry.type}>
        <EventText entry={entry} people={people} />
        <time dateTime={entry.at}>{when}</time>
      </div>
    )
  }
  const author = memberName(people, entry.authorId) || entry.authorId
  // A mention is typed as @Name (picked in the UI) or @email; either is highlighted.
  const mentioned = entry.mentions.flatMap((id) => {
    const member = people.byId.get(id)
    return member ? [member.name, member.email].filter(Boolean) : []
  })
  return (
    <article className="timeline-comment" data-testid="timeline-comment">
      <header>
        <Avatar name={author} small />
        <strong>{author}</strong>
        <time dateTime={entry.at}>{when}</time>
      </header>
      <p className="timeline-comment__body">{highlightMentions(entry.body, mentioned)}</p>
    </article>
  )
}

/** Wraps "@Name" of mentioned members in a highlight; everything else stays plain text. */
function highlightMentions(body: string, names: string[]) {
  if (names.length === 0) return body
  // Longest first, so "@rina@x.test" wins over a shorter name that starts the same way.
  const escaped = [...names]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const parts = body.split(new RegExp(`(@(?:${escaped.join('|')}))`, 'g'))
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="mention" data-testid="mention">
        {part}
      </mark>
    ) : (
      part
    )
  )
}
