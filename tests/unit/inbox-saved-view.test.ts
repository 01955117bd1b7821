// "Save view" keeps the inbox being looked at as the new inbox's scope.
import { describe, expect, it } from 'vitest'
import { savedViewFilter } from '../../src-renderer/src/features/inboxes/inbox-ref'

const ME = '11111111-1111-4111-8111-111111111111'
const TEAM = '22222222-2222-4222-8222-222222222222'

describe('Save view', () => {
  const context = { meId: ME, customFilter: null }
  it('keeps Mine, Unassigned and a team as the new inbox’s scope', () => {
    expect(savedViewFilter('mine', { status: 'open', unreplied: false }, context)).toEqual({
      assigneeIds: [ME],
      status: 'open'
    })
    expect(savedViewFilter('unassigned', { status: 'all', unreplied: true }, context)).toEqual({
      assigneeIds: [null],
      unreplied: true
    })
    expect(savedViewFilter({ team: TEAM }, { status: 'all', unreplied: false }, context)).toEqual({
      teamIds: [TEAM]
    })
    expect(savedViewFilter('all', { status: 'closed', unreplied: false }, context)).toEqual({
      status: 'closed'
    })
  })

  it('keeps a custom inbox’s own filter, narrowed by the toolbar', () => {
    expect(
      savedViewFilter(
        { custom: 'x' },
        { status: 'open', unreplied: false },
        { meId: ME, customFilter: { tags: ['vip'], status: 'closed' } }
      )
    ).toEqual({ tags: ['vip'], status: 'open' })
  })
})
