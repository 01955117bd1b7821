// A local change pushed after the password was changed on the server, when recording the pause
// for "sign in again" is itself refused (another process holds the database's write lock past
// the busy timeout; a full disk alike), against a real Dovecot. That write failing in the push's
// failure handler left a rejected promise no one handled (the push is started with `void`): in
// Node 22 that can end the process (the CLI, web mode).
import { describe, expect, it } from 'vitest'
import { CoreFixture } from './fixtures/core-fixture'
import { holdWriteLockOverNextCall } from './fixtures/held-write-lock'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { server, seededUser, accountOf } = useSeededAccounts()

describe('a change pushed with the password changed on the server, the database busy', () => {
  it('leaves no unhandled rejection, and the next push pauses the account for sign-in', async () => {
    const { user, corpus } = await seededUser('piet', 2)
    const fixture = new CoreFixture()
    let lock: ReturnType<typeof holdWriteLockOverNextCall> | undefined
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      await server().setPassword('piet', 'new-pw')
      const pk = fixture.messagePk(corpus[0]!.messageId)
      lock = holdWriteLockOverNextCall(fixture, fixture.core.workspace.accounts, 'setState')

      // The push starts on its own (not awaited by the command), is refused its login, and
      // pausing the account is refused by the busy database.
      await fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      expect(String(await lock.refused)).toMatch(/locked|busy/i)
      // Node reports an unhandled rejection once the microtasks have run: a turn later.
      await new Promise((resolve) => setImmediate(resolve))
      expect(rejections.map(String)).toEqual([])

      // The next change pushed records the pause, and shows it.
      await fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
      const accounts = fixture.core.workspace.accounts
      await fixture.waitFor('the pause for sign-in', () => accounts.get(accountId).state === 'needs-signin')
      expect((await fixture.call('tasks.list', { accountId })).length).toBeGreaterThan(0)
    } finally {
      process.off('unhandledRejection', onRejection)
      lock?.close()
      fixture.close()
    }
  })
})
