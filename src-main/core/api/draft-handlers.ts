import type { Core } from '../core'
import type { Handlers } from './handlers'

type DraftHandlers = Pick<Handlers, Extract<keyof Handlers, `drafts.${string}`>>

/** The draft commands: thin calls into the active workspace's DraftStore. */
export function createDraftHandlers(core: Core): DraftHandlers {
  const drafts = () => core.workspace.drafts
  const changed = () => core.events.emit('changed', { tables: ['drafts'], ids: [] })
  return {
    'drafts.list': () => drafts().list(),
    'drafts.save': (input) => {
      const draft = drafts().save(input)
      changed()
      return draft
    },
    'drafts.attachments': (place) => drafts().attachments(place),
    'drafts.delete': ({ seen, ...place }) => {
      const deleted = drafts().delete(place, seen)
      if (deleted) changed()
      return { deleted }
    },
    'drafts.onServer': () => drafts().onServer()
  }
}
