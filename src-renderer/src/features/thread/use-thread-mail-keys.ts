// Keys for the open conversation's mail actions, next to the CRM's e/s/a/c: y archives (as in
// Gmail, whose e is taken here by "close"), # deletes, Shift+U marks unread.
import { useShortcutKeys } from '../inbox/use-shortcut-keys'

export type ThreadMailKeys = { archive?: () => void; remove?: () => void; markUnread?: () => void }

export function useThreadMailKeys(handlers: ThreadMailKeys): void {
  useShortcutKeys((event) => {
    const action =
      event.key === 'y'
        ? handlers.archive
        : event.key === '#'
          ? handlers.remove
          : event.key === 'U'
            ? handlers.markUnread
            : undefined
    action?.()
    return action !== undefined
  })
}
