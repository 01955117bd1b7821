// A search that cannot run is refused with its problems as codes (ApiError.problems), so the UI
// says them in its own language; the English message stays for the CLI and the logs.
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/core/api/dispatcher'
import { CommentSearch } from '../../src-main/core/search/comment-search'
import { MAX_TERMS, parseQuery } from '../../src-main/core/search/query-parser'
import { describeProblem } from '../../src-main/core/search/query-problems'
import { ApiError } from '../../src-preload/contract'
import { crmWorkspace } from './fixtures/crm-workspace'
import { mailbox } from './fixtures/search-mailbox'

describe('search query problems', () => {
  it('are said in English from their code and the word typed', () => {
    const english = parseQuery(`after:yesterday has:pdf -is:important ${'quote '.repeat(70)}`).problems.map(
      describeProblem
    )
    expect(english).toEqual([
      '"after:yesterday" needs a date written like 2024-05-31.',
      '"has:pdf" is not known; use has:attachment.',
      '"is:important" is not known; use is:unread, is:read or is:flagged.',
      `A search can have at most ${MAX_TERMS} words and operators; this one has 70.`
    ])
  })

  it('cross the contract with search.messages and search.comments as codes beside the English', async () => {
    const { search } = mailbox()
    const crm = crmWorkspace()
    const comments = new CommentSearch(crm.db)
    const handlers = {
      'search.messages': (input: { query: string }) => search.search(input),
      'search.comments': (input: { query: string }) => comments.search(input, crm.me())
    } as never
    for (const command of ['search.messages', 'search.comments']) {
      const response = await dispatch(handlers, command, { query: 'quote after:yesterday has:pdf' }, () => {})
      expect(response).toEqual({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message:
            '"after:yesterday" needs a date written like 2024-05-31. "has:pdf" is not known; use has:attachment.',
          field: 'query',
          problems: [
            { reason: 'badDate', value: 'after:yesterday' },
            { reason: 'unknownHas', value: 'has:pdf' }
          ]
        }
      })
      // What the preload and web client receive is valid against the contract's schema.
      if (!response.ok) expect(ApiError.parse(response.error)).toEqual(response.error)
    }
  })

  it('have reasons the contract knows, so a new one cannot reach the UI untranslated', () => {
    expect(
      ApiError.safeParse({ code: 'INVALID_INPUT', message: 'x', problems: [{ reason: 'nope' }] }).success
    ).toBe(false)
  })
})
