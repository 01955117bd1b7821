// The user name detection suggests, and the servers, for addresses as people have them: a
// plus-address (ana+sales@gmail.com) at a provider whose sign-in knows only ana@, and the free
// mail domains whose MX hosts would send them to another provider's servers (AOL on Yahoo's
// MX, NetEase's VIP and 188 domains on 163's) or whose domain names no server (Mail.ru's).
import { describe, expect, it } from 'vitest'
import { detectProvider } from '../../src-main/core/providers/detect-provider'
import { networkWithMx } from './fixtures/detect-network'

describe('a plus-address (ana+sales@…)', () => {
  it('suggests signing in without the tag where user names hold no +, and with it elsewhere', async () => {
    const cases = [
      ['ana+sales@gmail.com', null, 'ana@gmail.com'],
      ['ana+sales@outlook.com', null, 'ana@outlook.com'],
      ['ana+sales@yahoo.com', null, 'ana@yahoo.com'],
      ['ana+sales@icloud.com', null, 'ana@icloud.com'],
      ['ana+sales@fastmail.com', null, 'ana@fastmail.com'],
      // A company's own domain on Google Workspace or Microsoft 365, found by its MX.
      ['ana+q3+eu@corp.example', 'aspmx.l.google.com', 'ana@corp.example'],
      ['Ana+Sales@corp.example', 'corp-example.mail.protection.outlook.com', 'Ana@corp.example']
    ] as const
    for (const [typed, mx, user] of cases)
      expect((await detectProvider(typed, networkWithMx(mx))).user, typed).toBe(user)
    // Kept where nothing says what the tag means: another provider may have + in user names.
    expect((await detectProvider('ana+sales@example.org', networkWithMx(null))).user).toBe(
      'ana+sales@example.org'
    )
    expect((await detectProvider('ana+sales@qq.com', networkWithMx(null))).user).toBe('ana+sales@qq.com')
    // No name before the +: nothing to sign in as but the address itself.
    expect((await detectProvider('+sales@gmail.com', networkWithMx(null))).user).toBe('+sales@gmail.com')
  })
})

const servers = async (address: string, mx: string | null) => {
  const found = await detectProvider(address, networkWithMx(mx))
  return { source: found.source, imap: found.imap, smtp: found.smtp }
}

describe('AOL, whose MX hosts are Yahoo’s', () => {
  it('gets AOL’s servers (imap.aol.com:993, smtp.aol.com:465), not Yahoo’s', async () => {
    for (const address of ['ana@aol.com', 'ana@aim.com'])
      expect(await servers(address, 'mx-aol.mail.gm0.yahoodns.net'), address).toEqual({
        source: 'table',
        imap: { host: 'imap.aol.com', port: 993, security: 'tls' },
        smtp: { host: 'smtp.aol.com', port: 465, security: 'tls' }
      })
  })
})

describe('NetEase’s paid domains', () => {
  it('get servers of their own, not 163’s, which their MX (…mxmail.netease.com) would suggest', async () => {
    for (const domain of ['vip.163.com', 'vip.126.com', '188.com'])
      expect(await servers(`ana@${domain}`, `${domain.replace(/\./g, '')}mx00.mxmail.netease.com`)).toEqual({
        source: 'table',
        imap: { host: `imap.${domain}`, port: 993, security: 'tls' },
        smtp: { host: `smtp.${domain}`, port: 465, security: 'tls' }
      })
  })
})

describe('Mail.ru’s free domains', () => {
  it('all get imap.mail.ru and smtp.mail.ru, not a guess named for the domain', async () => {
    for (const address of ['ana@mail.ru', 'ana@inbox.ru', 'ana@bk.ru', 'ana@list.ru'])
      expect(await servers(address, 'mxs.mail.ru'), address).toEqual({
        source: 'table',
        imap: { host: 'imap.mail.ru', port: 993, security: 'tls' },
        smtp: { host: 'smtp.mail.ru', port: 465, security: 'tls' }
      })
  })
})
