// "Save view" keeps the inbox being looked at as the new inbox's scope.
import { describe, expect, it } from 'vitest'
import { savedViewFilter } from '../../src-renderer/src/features/inboxes/inbox-ref'

const ME = '11111111-1111-4111-8111-111111111111'
const TEAM = '22222222-2222-4222-8222-222222222222'

describe('Save view', () => {
  const context = { meId: ME, customFilter: null }
  it('keeps Mine, Unassigned and a team as the new inbox’s scope', () => {
    expect(savedViewFilter('mine', { status: 'open', unreplied: false }, context)).toEqual({
      filter: { assigneeIds: [ME], status: 'open' }
    })
    expect(savedViewFilter('unassigned', { status: 'all', unreplied: true }, context)).toEqual({
      filter: { assigneeIds: [null], unreplied: true }
    })
    expect(savedViewFilter({ team: TEAM }, { status: 'all', unreplied: false }, context)).toEqual({
      filter: { teamIds: [TEAM] }
    })
    expect(savedViewFilter('all', { status: 'closed', unreplied: false }, context)).toEqual({
      filter: { status: 'closed' }
    })
  })

  it('keeps a mailbox’s inbox as that mailbox', () => {
    expect(savedViewFilter({ account: 2 }, { status: 'open', unreplied: false }, context)).toEqual({
      filter: { accountIds: [2], status: 'open' }
    })
  })

  it('keeps a custom inbox’s own filter, narrowed by the toolbar', () => {
    expect(
      savedViewFilter(
        { custom: 'x' },
        { status: 'open', unreplied: false },
        { meId: ME, customFilter: { tags: ['vip'], status: 'closed' } }
      )
    ).toEqual({ filter: { tags: ['vip'], status: 'open' } })
  })

  it('cannot keep Blocked: a custom inbox never holds a blocked contact’s conversations', () => {
    // Saved as {} it would have held every conversation that is not blocked: the opposite.
    expect(savedViewFilter('blocked', { status: 'all', unreplied: false }, context)).toEqual({
      unavailable: 'blocked'
    })
    expect(savedViewFilter('blocked', { status: 'closed', unreplied: false }, context)).toEqual({
      unavailable: 'blocked'
    })
  })

  it('waits for the member list before keeping Mine, rather than saving it as All', () => {
    const loading = { meId: null, customFilter: null }
    expect(savedViewFilter('mine', { status: 'open', unreplied: false }, loading)).toEqual({
      unavailable: 'loading'
    })
    // A team inbox names its team itself: the member list is not needed.
    expect(savedViewFilter({ team: TEAM }, { status: 'all', unreplied: false }, loading)).toEqual({
      filter: { teamIds: [TEAM] }
    })
  })

  it('waits for a custom inbox’s filter (a new one not listed yet) rather than saving it as All', () => {
    expect(savedViewFilter({ custom: 'x' }, { status: 'open', unreplied: false }, context)).toEqual({
      unavailable: 'loading'
    })
  })
})
