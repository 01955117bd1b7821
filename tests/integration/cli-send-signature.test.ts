// A mailbox's signature (accounts.setSignature) goes out with `rapport send`, against a real
// Dovecot and SMTP relay: after the text, below the "-- " sig dash (its trailing space kept through
// the transfer encoding), unless --no-signature.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { SIGNATURE_MAX_CHARS } from '../../src-preload/contract/signature'
import { addAliceArgs, sendFromCli } from './fixtures/cli-account'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(['alice', 'bob'])
const SIGNATURE = 'Alice Tan\nSales, Rapport Ltd.\n+62 21 555 0100'

async function sentText(messageId: string): Promise<string> {
  const [sent] = relayed(env.relay, messageId)
  return (await simpleParser(sent!.raw)).text ?? ''
}

describe('rapport send with a signature', () => {
  it("ends the message's text with the mailbox's signature, below the sig dash", async () => {
    const messageId = await sendFromCli(
      env,
      ['--to', 'bob@example.test', '--subject', 'Catalogue'],
      'Here is the catalogue.\n',
      // As typed in a settings box on Windows: kept with \n line ends and no blank lines around.
      `\r\n${SIGNATURE.replace(/\n/g, '\r\n')}\r\n\r\n`
    )
    expect((await sentText(messageId)).trimEnd()).toBe(`Here is the catalogue.\n\n-- \n${SIGNATURE}`)
  })

  it('leaves it out with --no-signature', async () => {
    const messageId = await sendFromCli(
      env,
      ['--to', 'bob@example.test', '--subject', 'Plain', '--no-signature'],
      'Just this.\n',
      SIGNATURE
    )
    const text = await sentText(messageId)
    expect(text.trimEnd()).toBe('Just this.')
    expect(text).not.toContain('-- ')
  })

  it('refuses a signature over the limit, saying so, and keeps the one it has', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-signature-'))
    const rapport = (args: string[]) =>
      promisify(execFile)(process.execPath, [resolve('bin/rapport.js'), '--data-dir', dataDir, ...args], {
        env: { ...process.env, RAPPORT_ALICE_PW: env.user('alice').password }
      })
    const setSignature = (signature: string) =>
      rapport(['api', 'accounts.setSignature', JSON.stringify({ accountId: 1, signature })])
    try {
      await rapport(
        addAliceArgs(env.server, { user: 'alice', smtpPort: env.relay.port, passwordEnv: 'RAPPORT_ALICE_PW' })
      )
      await setSignature(SIGNATURE)
      const refusal = await setSignature('x'.repeat(SIGNATURE_MAX_CHARS + 1)).then(
        () => null,
        // `rapport api` prints the core's answer, refusals too, and exits 1.
        (error: { code: number; stdout: string }) => ({ code: error.code, answer: JSON.parse(error.stdout) })
      )
      expect(refusal).toMatchObject({
        code: 1,
        answer: { ok: false, error: { code: 'INVALID_INPUT', field: 'signature' } }
      })
      expect(refusal?.answer.error.message).toContain('A signature may be at most 10,000 characters long.')
      const { stdout } = await rapport(['account', 'list', '--json'])
      expect(JSON.parse(stdout)).toMatchObject([{ id: 1, signature: SIGNATURE }])
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
