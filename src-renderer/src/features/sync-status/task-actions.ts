// What a change waiting for (or refused by) the server did, as i18n keys under failedChanges.
import type { MailTask } from '../../../../src-preload/contract'

const FLAG_WORDS: Record<string, { added: string; removed: string }> = {
  '\\Seen': { added: 'read', removed: 'unread' },
  '\\Flagged': { added: 'flag', removed: 'unflag' },
  '\\Answered': { added: 'answered', removed: 'unanswered' }
}

/** The i18n key of each thing a task did, e.g. ['read', 'flag'] for \Seen and \Flagged set. */
export function taskActions(task: Pick<MailTask, 'kind' | 'added' | 'removed'>): string[] {
  if (task.kind === 'move') return ['move']
  const words = [
    ...task.added.map((f) => FLAG_WORDS[f]?.added),
    ...task.removed.map((f) => FLAG_WORDS[f]?.removed)
  ]
  return words.every((w) => w !== undefined) && words.length > 0 ? words : ['change']
}
