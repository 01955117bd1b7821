import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { taskActions } from '../../src-renderer/src/features/sync-status/task-actions'

const locale = (lang: string) =>
  JSON.parse(readFileSync(`src-renderer/src/i18n/locales/${lang}.json`, 'utf8')) as {
    failedChanges: Record<string, string>
  }

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
            /\{\{count\}\}/
          )
  })
})
