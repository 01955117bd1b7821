// Keys for the open conversation's mail actions, next to the CRM's e/s/a/c: y archives (as in
// Gmail, whose e is taken here by "close"), # deletes, Shift+U marks unread.
import { shortcutKey, useShortcutKeys } from '../inbox/use-shortcut-keys'

export type ThreadMailKeys = { archive?: () => void; remove?: () => void; markUnread?: () => void }

export function useThreadMailKeys(handlers: ThreadMailKeys): void {
  useShortcutKeys((event) => {
    const key = shortcutKey(event)
    const action =
      key === 'y'
        ? handlers.archive
        : key === '#'
          ? handlers.remove
          : key === 'Shift+u'
            ? handlers.markUnread
            : undefined
    action?.()
    return action !== undefined
  })
}
