// How a refused IMAP login is classified, against a fake server (Dovecot cannot be made to answer
// NO [UNAVAILABLE] on demand): only a refusal of the credentials is AUTH_FAILED.
import { afterEach, describe, expect, it } from 'vitest'
import { openImapSession } from '../../src-main/core/mail-server/imap-session'
import { toServerError } from '../../src-main/core/mail-server/server-errors'
import { startFakeImap, type FakeImap } from '../support/fake-imap'

let fake: FakeImap | null = null

afterEach(async () => {
  await fake?.close()
  fake = null
})

/** The CoreError a login answered with `reply` turns into. */
async function loginFailure(reply: string) {
  fake = await startFakeImap(reply)
  const server = { host: fake.host, port: fake.port, security: 'none' as const }
  const error = await openImapSession(server, { user: 'u', password: 'p' }).then(
    () => null,
    (e: unknown) => e
  )
  expect(error).not.toBeNull()
  return toServerError(error, 'imap', fake.host)
}

describe('a refused IMAP login', () => {
  it.each(['UNAVAILABLE', 'INUSE', 'LIMIT'])(
    'is temporary, not a wrong password, with NO [%s]',
    async (code) => {
      const error = await loginFailure(`NO [${code}] Temporary authentication failure`)
      expect(error.code).toBe('LOGIN_REFUSED_FOR_NOW')
      expect(error.message).toMatch(/temporarily refusing logins/)
      // The server's own words, which the UI shows beside its translated sentence.
      expect(error.toApiError()).toMatchObject({ serverText: 'Temporary authentication failure' })
      expect(error.message).toMatch(/Temporary authentication failure/)
    }
  )

  it('is a wrong password with NO [AUTHENTICATIONFAILED], or a NO without a code', async () => {
    expect((await loginFailure('NO [AUTHENTICATIONFAILED] Authentication failed.')).code).toBe('AUTH_FAILED')
    await fake?.close()
    expect((await loginFailure('NO Login failed')).code).toBe('AUTH_FAILED')
  })
})

describe('a command other than the login refused for now', () => {
  it('is not called a refused login', () => {
    // As imapflow rejects a FETCH or STORE the server answered NO [UNAVAILABLE].
    const refused = Object.assign(new Error('Command failed'), {
      responseStatus: 'NO',
      serverResponseCode: 'UNAVAILABLE',
      responseText: 'Backend busy'
    })
    const error = toServerError(refused, 'imap', 'imap.example.test')
    expect(error.code).toBe('SYNC_FAILED')
    expect(error.message).not.toMatch(/logins/)
    expect(error.message).toMatch(/Backend busy/)
  })
})
