import { describe, expect, it } from 'vitest'
import { runCommand } from '../../src-main/cli/cli-commands'
import { UsageError } from '../../src-main/cli/cli-output'
import type { Core } from '../../src-main/core/core'
import { MemorySecretStore, OverlaySecretStore } from '../../src-main/core/secrets/secret-store'

// `rapport api COMMAND JSON` takes any command's input as an argument. A password there is in the
// shell's history and in every `ps` listing, which is why the CLI takes passwords only from an
// environment variable (--password-env), and its error texts go to stderr, which scripts log.

/** A core that fails the test if the command reaches it. */
function untouchedCore() {
  const dispatched: string[] = []
  const core = {
    dispatch: async (command: string) => {
      dispatched.push(command)
      return { ok: true, value: {} }
    },
    workspace: { accounts: { list: () => [] } }
  } as unknown as Core
  return { core, dispatched }
}

const api = (core: Core, command: string, input: string) =>
  runCommand(core, new OverlaySecretStore(new MemorySecretStore()), ['api', command, input], {})

/** The error the command failed with (the test fails if it did not). */
const refusal = (run: Promise<void>): Promise<Error> =>
  run.then(
    () => {
      throw new Error('the command was expected to fail')
    },
    (error: unknown) => error as Error
  )

describe('rapport api and secrets', () => {
  it.each([['{"accountId": 1, "password": "hunter2",}'], ['{"accountId": 1, "password": hunter2}']])(
    'does not repeat a password in its complaint about input that is not JSON: %s',
    async (input) => {
      const { core } = untouchedCore()
      const error = await refusal(api(core, 'accounts.setPassword', input))
      expect(error).toBeInstanceOf(UsageError)
      expect(error.message).toMatch(/not valid JSON/)
      expect(error.message).not.toContain('hunter2')
    }
  )

  it.each([
    ['accounts.setPassword', { accountId: 1, password: 'hunter2' }, /--password-env/],
    [
      'accounts.add',
      {
        email: 'ana@example.test',
        user: 'ana',
        password: 'hunter2',
        imap: { host: '127.0.0.1', port: 143, security: 'none' },
        smtp: { host: '127.0.0.1', port: 25, security: 'none' }
      },
      /--password-env/
    ],
    [
      'accounts.updateServers',
      {
        accountId: 1,
        user: 'ana',
        password: 'hunter2',
        imap: { host: '127.0.0.1', port: 143, security: 'none' },
        smtp: { host: '127.0.0.1', port: 25, security: 'none' }
      },
      /--password-env/
    ],
    ['oauth.setClient', { provider: 'google', clientId: 'id', clientSecret: 'hunter2' }, /--secret-env/]
  ])(
    'refuses a secret typed into the JSON of %s, pointing to the environment',
    async (command, input, hint) => {
      const { core, dispatched } = untouchedCore()
      const error = await refusal(api(core, command, JSON.stringify(input)))
      expect(error).toBeInstanceOf(UsageError)
      expect(error.message).toMatch(hint)
      expect(error.message).not.toContain('hunter2')
      expect(dispatched).toEqual([])
    }
  )

  it('still takes input without a secret, and a client secret removed with null', async () => {
    const { core, dispatched } = untouchedCore()
    await api(core, 'oauth.setClient', '{"provider":"google","clientId":null,"clientSecret":null}')
    expect(dispatched).toEqual(['oauth.setClient'])
  })
})
