import { describe, expect, it } from 'vitest'
import { simpleParser } from 'mailparser'
import { brokenMimeSamples, generateCorpus } from '../support/corpus.js'

// Guards the test corpus itself: benchmarks and integration tests rely on it being stable.
describe('generateCorpus', () => {
  const opts = { seed: 42, count: 120, selfAddress: 'alice@example.test' }

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const a = await generateCorpus(opts)
    const b = await generateCorpus(opts)
    expect(a).toHaveLength(120)
    expect(a.map((m) => m.raw.toString('base64'))).toEqual(b.map((m) => m.raw.toString('base64')))
    const c = await generateCorpus({ ...opts, seed: 43 })
    expect(c[0]!.raw.equals(a[0]!.raw)).toBe(false)
  })

  it('produces messages mailparser reads back with the advertised headers', async () => {
    const corpus = await generateCorpus(opts)
    for (const m of corpus) {
      const parsed = await simpleParser(m.raw)
      expect(parsed.messageId).toBe(m.messageId)
      expect(parsed.subject).toBe(m.subject)
      expect(parsed.date?.getTime()).toBe(Math.floor(m.date.getTime() / 1000) * 1000)
      expect(parsed.text?.length ?? 0).toBeGreaterThan(0)
      expect(parsed.attachments.map((a) => a.filename)).toEqual(m.attachmentNames)
      if (m.inReplyTo) expect(parsed.inReplyTo).toBe(m.inReplyTo)
    }
  })

  it('has a realistic mix', async () => {
    const corpus = await generateCorpus({ ...opts, count: 400 })
    const threaded = corpus.filter((m) => m.inReplyTo || corpus.some((o) => o.inReplyTo === m.messageId))
    expect(threaded.length / corpus.length).toBeGreaterThan(0.15)
    expect(threaded.length / corpus.length).toBeLessThan(0.5)
    expect(corpus.some((m) => m.hasAttachment)).toBe(true)
    expect(corpus.some((m) => /[\u4e00-\u9fff]/.test(m.subject))).toBe(true)
    expect(corpus.some((m) => m.attachmentNames.some((n) => /[\u4e00-\u9fff]/.test(n)))).toBe(true)
    expect(corpus.some((m) => m.raw.includes('=?UTF-8?'))).toBe(true)
    expect(corpus.some((m) => m.raw.includes('charset=gb2312'))).toBe(true)
    const years = corpus.map((m) => m.date.getTime())
    expect(Math.max(...years) - Math.min(...years)).toBeGreaterThan(365 * 24 * 3600 * 1000)
    for (const m of corpus) expect(m.to).toContain('alice@example.test')
  })

  it('chains replies to messages that exist earlier in the corpus', async () => {
    const corpus = await generateCorpus(opts)
    const seen = new Set<string>()
    for (const m of corpus) {
      if (m.inReplyTo) {
        expect(seen.has(m.inReplyTo)).toBe(true)
        expect(m.references.at(-1)).toBe(m.inReplyTo)
        for (const r of m.references) expect(seen.has(r)).toBe(true)
      }
      seen.add(m.messageId)
    }
  })

  it('writes sent mail from self', async () => {
    const sent = await generateCorpus({ ...opts, folder: 'sent', count: 30 })
    for (const m of sent) expect(m.from).toBe('alice@example.test')
  })
})

describe('brokenMimeSamples', () => {
  it('parses every sample without throwing', async () => {
    const samples = brokenMimeSamples()
    expect(samples.length).toBeGreaterThanOrEqual(7)
    for (const raw of samples) await simpleParser(raw)
  })
})
