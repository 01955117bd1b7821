import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateCorpus } from '../tests/support/corpus'

export const SELF = 'me@example.test'
const CHUNK = 5000
/** One message in ten is sent mail, in the Sent folder. */
const SENT_SHARE = 10

export type MaildirMessage = { file: string; folder: 'INBOX' | 'Sent'; flags: string[] }
export type Maildir = { root: string; messages: MaildirMessage[]; bytes: number }

const log = (message: string) => process.stderr.write(`${message}\n`)

// Maildir flag letters (S seen, F flagged) as notmuch synchronises them with its tags. Sent
// mail is always seen, as mail clients store it.
const flagsOf = (index: number, sent: boolean) => [
  ...(index % 11 === 5 ? ['F'] : []),
  ...(index % 7 === 3 && !sent ? [] : ['S'])
]
const imapFlags = (letters: string[]) => letters.map((l) => (l === 'F' ? '\\Flagged' : '\\Seen'))

/**
 * A seeded corpus written straight into a Maildir++ tree (INBOX at the root, Sent in .Sent),
 * which both Rapport and notmuch index. IMAP APPEND of 100k messages takes longer than the
 * benchmark itself, and the search benchmark measures indexes, not the wire. Cached under
 * bench/.corpus by seed and size: the generator is deterministic.
 */
export async function maildirCorpus(opts: {
  size: number
  seed: number
  cacheDir: string
}): Promise<Maildir> {
  const root = join(opts.cacheDir, `search-${opts.seed}-${opts.size}`)
  if (!existsSync(join(root, '.complete'))) {
    rmSync(root, { recursive: true, force: true })
    for (const dir of ['', '.Sent'])
      for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(root, dir, sub), { recursive: true })
    let index = 0
    for (let chunk = 0; index < opts.size; chunk++) {
      const count = Math.min(CHUNK, opts.size - index)
      const sent = Math.floor(count / SENT_SHARE)
      log(`writing messages ${index + 1}-${index + count} of ${opts.size}…`)
      const batches = [
        {
          folder: '',
          messages: await generateCorpus({
            seed: opts.seed * 1000 + chunk,
            count: count - sent,
            selfAddress: SELF
          })
        },
        {
          folder: '.Sent',
          messages: await generateCorpus({
            seed: opts.seed * 1000 + chunk + 500,
            count: sent,
            selfAddress: SELF,
            folder: 'sent'
          })
        }
      ]
      for (const batch of batches) {
        for (const message of batch.messages) {
          const name = `${String(index).padStart(7, '0')}.rapport:2,${flagsOf(index, batch.folder !== '').join('')}`
          writeFileSync(join(root, batch.folder, 'cur', name), message.raw)
          index++
        }
      }
    }
    writeFileSync(join(root, '.complete'), String(opts.size))
  }
  return readMaildir(root)
}

function readMaildir(root: string): Maildir {
  const messages: MaildirMessage[] = []
  let bytes = 0
  for (const [dir, folder] of [
    ['', 'INBOX'],
    ['.Sent', 'Sent']
  ] as const) {
    for (const name of readdirSync(join(root, dir, 'cur')).sort()) {
      const file = join(root, dir, 'cur', name)
      bytes += statSync(file).size
      const letters = (name.split(':2,')[1] ?? '').split('').filter(Boolean)
      messages.push({ file, folder, flags: imapFlags(letters) })
    }
  }
  return { root, messages, bytes }
}
