// Keys for the open conversation's mail actions, next to the CRM's e/s/a/c: y archives (as in
// Gmail, whose e is taken here by "close"), # deletes, Shift+U marks unread; r replies to the
// newest message, Shift+R replies to all (Gmail's a is "assign" here) and f forwards it.
import { shortcutKey, useShortcutKeys } from '../inbox/use-shortcut-keys'

export type ThreadMailKeys = {
  archive?: () => void
  remove?: () => void
  markUnread?: () => void
  reply?: () => void
  replyAll?: () => void
  forward?: () => void
}

const KEYS = new Map<string, keyof ThreadMailKeys>([
  ['y', 'archive'],
  ['#', 'remove'],
  ['Shift+u', 'markUnread'],
  ['r', 'reply'],
  ['Shift+r', 'replyAll'],
  ['f', 'forward']
])

export function useThreadMailKeys(handlers: ThreadMailKeys): void {
  useShortcutKeys((event) => {
    const name = KEYS.get(shortcutKey(event))
    const action = name ? handlers[name] : undefined
    action?.()
    return action !== undefined
  })
}
