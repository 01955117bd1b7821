import { describe, expect, it } from 'vitest'
import { inLanguage, locale } from './fixtures/in-language'
import { taskActions } from '../../src-renderer/src/features/sync-status/task-actions'
import { taskReason } from '../../src-renderer/src/features/sync-status/task-reason'

describe('a change the server refused, described', () => {
  it('names a move, and each flag set or cleared', () => {
    expect(taskActions({ kind: 'move', added: [], removed: [] })).toEqual(['move'])
    expect(taskActions({ kind: 'flags', added: ['\\Seen', '\\Flagged'], removed: [] })).toEqual([
      'read',
      'flag'
    ])
    expect(taskActions({ kind: 'flags', added: [], removed: ['\\Seen', '\\Answered'] })).toEqual([
      'unread',
      'unanswered'
    ])
  })

  it('falls back to "a change" for keywords it has no words for, or none at all', () => {
    expect(taskActions({ kind: 'flags', added: ['$Label1'], removed: [] })).toEqual(['change'])
    expect(taskActions({ kind: 'flags', added: [], removed: [] })).toEqual(['change'])
  })

  it('has every description in every language, singular and plural', () => {
    const keys = ['move', 'read', 'unread', 'flag', 'unflag', 'answered', 'unanswered', 'change']
    for (const lang of ['en', 'id', 'zh-CN'])
      for (const key of keys)
        for (const form of ['one', 'other'])
          expect(locale(lang).failedChanges[`${key}_${form}`], `${lang} ${key}_${form}`).toMatch(
            /\{\{count, number\}\}/
          )
  })
})

describe('why a change the server refused failed, said', () => {
  it('keeps the server’s own words verbatim, after “the server said” in the user’s language', async () => {
    const task = { lastError: "Mailbox doesn't exist: Tenders", lastErrorCode: 'SERVER_SAID' as const }
    expect(taskReason(await inLanguage('en'), task)).toBe("The server said: Mailbox doesn't exist: Tenders")
    expect(taskReason(await inLanguage('zh-CN'), task)).toBe("服务器返回：Mailbox doesn't exist: Tenders")
  })

  it('translates Rapport’s own reasons instead of showing the core’s English', async () => {
    const t = await inLanguage('zh-CN')
    const gone = {
      lastError: 'The destination folder no longer exists.',
      lastErrorCode: 'FOLDER_GONE' as const
    }
    const silent = {
      lastError: 'Could not move mail from INBOX to Tenders',
      lastErrorCode: 'NO_REASON' as const
    }
    const readOnly = {
      lastError: 'Shared cannot keep this change: the server lets this mailbox read it, not change it.',
      lastErrorCode: 'FLAGS_NOT_KEPT' as const
    }
    expect(taskReason(t, gone)).toBe(locale('zh-CN').failedChanges.folderGone)
    expect(taskReason(t, silent)).toBe(locale('zh-CN').failedChanges.noReason)
    expect(taskReason(t, readOnly)).toBe(locale('zh-CN').failedChanges.readOnly)
    // A move out of a folder that keeps its mail: what to do about it, in the user's language.
    const mayNotRemove = {
      lastError:
        'Board does not let this mailbox remove mail from it (it may only read it, or add to it), so the mail stays there.',
      lastErrorCode: 'MAY_NOT_REMOVE' as const
    }
    expect(taskReason(t, mayNotRemove)).toBe(locale('zh-CN').failedChanges.mayNotRemove)
    const overtaken = {
      lastError:
        '1 of 2 messages were moved or deleted by another program before this move reached the server.',
      lastErrorCode: 'CHANGED_ELSEWHERE' as const
    }
    expect(taskReason(t, overtaken)).toBe(locale('zh-CN').failedChanges.changedElsewhere)
    expect(taskReason(t, { ...overtaken, nowIn: [] })).toBe(locale('zh-CN').failedChanges.changedElsewhere)
    // Found in a synced folder: the notice names it.
    expect(taskReason(await inLanguage('en'), { ...overtaken, nowIn: ['Trash', 'Clients/Ana'] })).toBe(
      'Another program moved this mail to Trash, Clients/Ana before the move reached the server.'
    )
    for (const lang of ['en', 'id', 'zh-CN']) {
      expect(locale(lang).failedChanges.movedElsewhere, lang).toMatch(/\{\{folders\}\}/)
      expect(locale(lang).failedChanges.moveAnyway, lang).toBeTruthy()
      expect(locale(lang).failedChanges.folderGone, lang).toBeTruthy()
      expect(locale(lang).failedChanges.noReason, lang).toBeTruthy()
      expect(locale(lang).failedChanges.readOnly, lang).toBeTruthy()
      expect(locale(lang).failedChanges.changedElsewhere, lang).toBeTruthy()
      expect(locale(lang).failedChanges.mayNotRemove, lang).toMatch(/\S/)
    }
  })

  it('shows an unexpected error (no code, as before codes existed) as it is, and nothing without one', async () => {
    const t = await inLanguage('zh-CN')
    expect(taskReason(t, { lastError: 'Could not move mail: boom', lastErrorCode: null })).toBe(
      'Could not move mail: boom'
    )
    expect(taskReason(t, { lastError: null, lastErrorCode: null })).toBeNull()
  })
})
