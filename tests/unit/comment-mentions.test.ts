// @mentions in internal comments, typed as the member's address in ordinary punctuation.
import { describe, expect, it } from 'vitest'
import { crmWorkspace } from './fixtures/crm-workspace'

describe('@mentions typed in ordinary punctuation', () => {
  for (const body of [
    'Can you call them back (@ana@rapport.test)?',
    'Asked "@ana@rapport.test" to check',
    'This is @ana@rapport.test’s account',
    'Over to @ana@rapport.test…',
    'Ping @ana@rapport.test—thanks',
    // Chinese and Japanese have no spaces between words.
    '请@ana@rapport.test确认一下'
  ])
    it(`notifies the member mentioned in ${JSON.stringify(body)}`, () => {
      const ws = crmWorkspace()
      const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'manager' })
      const { conversationId } = ws.receive()
      const comment = ws.crm.comments.add(conversationId, ws.me().id, body)
      expect(comment.mentions).toEqual([ana.id])
      expect(ws.crm.notifications.list(ana.id)).toHaveLength(1)
    })

  it('does not cut an emoji in half in the notification text', () => {
    const ws = crmWorkspace()
    const ana = ws.crm.people.add({ name: 'Ana', email: 'ana@rapport.test', role: 'manager' })
    const { conversationId } = ws.receive()
    ws.crm.comments.add(conversationId, ws.me().id, `${'x'.repeat(139)}😀 more @ana@rapport.test`)
    expect(ws.crm.notifications.list(ana.id)[0]!.text).not.toMatch(/\uFFFD|[\uD800-\uDBFF]$/)
  })
})
