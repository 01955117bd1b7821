// follow-thread-merges.ts: a merge chain A -> B -> C announced in quick succession (one sync
// batch joins three threads), while the CRM selection is on A's conversation.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => ({
  listeners: [] as Array<(payload: unknown) => void>,
  // The core's state after both merges: only C has a conversation (A's and B's were absorbed).
  conversationOfThread: new Map<number, string>([[3, 'conv-C']]),
  asked: [] as number[]
}))

vi.mock('../../src-renderer/src/api/rapport-client', () => ({
  getApi: () => ({
    on: (_event: string, listener: (payload: unknown) => void) => {
      fake.listeners.push(listener)
      return () => undefined
    },
    conversations: {
      ofThread: async ({ threadId }: { threadId: number }) => {
        fake.asked.push(threadId)
        const id = fake.conversationOfThread.get(threadId)
        return id
          ? { ok: true, value: { id, threadId } }
          : { ok: false, error: { code: 'NOT_FOUND', message: `Thread ${threadId} has no conversation.` } }
      }
    }
  })
}))

import { followThreadMerges } from '../../src-renderer/src/features/conversations/follow-thread-merges'
import { useCrmStore } from '../../src-renderer/src/store/crm-store'
import type { Member } from '../../src-preload/contract'

beforeEach(() => {
  fake.listeners.length = 0
  useCrmStore.getState().reset()
})

describe('following a chain of thread merges', () => {
  it('selects the conversation of the last thread when A merges into B and B into C at once', async () => {
    followThreadMerges()
    useCrmStore.getState().selectConversation('conv-A', 1)
    useCrmStore.getState().updateCommentDraft(1, { text: 'half a comment', picked: [] })
    const emit = (payload: unknown) => fake.listeners.forEach((l) => l(payload))
    emit({ from: 1, to: 2, drafts: [] })
    emit({ from: 2, to: 3, drafts: [] })
    await vi.waitFor(() => expect(useCrmStore.getState().selectedConversationId).toBe('conv-C'))
    expect(useCrmStore.getState().selectedThreadId).toBe(3)
    expect(useCrmStore.getState().commentDrafts[3]?.text).toBe('half a comment')
  })
})

describe('comments being written on both merged threads', () => {
  const ana = { id: 'member-ana', name: 'Ana', email: 'ana@team.test' } as Member
  const bo = { id: 'member-bo', name: 'Bo', email: 'bo@team.test' } as Member
  const emit = (payload: unknown) => fake.listeners.forEach((l) => l(payload))

  it('keeps both texts, the surviving one first, with the members picked in either', () => {
    followThreadMerges()
    const crm = useCrmStore.getState()
    crm.updateCommentDraft(2, { text: 'Ask @Ana about the price', picked: [{ member: ana, text: 'Ana' }] })
    crm.updateCommentDraft(1, { text: '@Bo can deliver Friday', picked: [{ member: bo, text: 'Bo' }] })
    emit({ from: 1, to: 2, drafts: [] })
    const drafts = useCrmStore.getState().commentDrafts
    expect(drafts[2]?.text).toBe('Ask @Ana about the price\n\n@Bo can deliver Friday')
    expect(drafts[2]?.picked.map((p) => p.member.id)).toEqual(['member-ana', 'member-bo'])
    expect(drafts[1]).toBeUndefined()
  })

  it('moves the comment of a conversation not on screen too', () => {
    followThreadMerges()
    useCrmStore.getState().selectConversation('conv-X', 9)
    useCrmStore.getState().updateCommentDraft(1, { text: 'written, then left', picked: [] })
    emit({ from: 1, to: 2, drafts: [] })
    expect(useCrmStore.getState().commentDrafts[2]?.text).toBe('written, then left')
    expect(useCrmStore.getState().selectedConversationId).toBe('conv-X')
  })
})
