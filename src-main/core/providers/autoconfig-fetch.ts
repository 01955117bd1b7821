import { MAX_AUTOCONFIG_BYTES, unusableAutoconfig } from './autoconfig'

/** Fetches a URL as text with a deadline and a size cap; returns null when there is nothing usable. */
export type FetchText = (url: string, timeoutMs: number) => Promise<string | null>

/** A provider moving its file needs one or two hops; a chain longer than this is a loop or a trap. */
export const MAX_AUTOCONFIG_REDIRECTS = 5

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/**
 * Redirects are followed here, hop by hop, rather than by fetch: fetch would follow one from
 * https down to plain http (the Fetch standard allows it), where anyone on the path could answer
 * with servers of their choosing, and it would follow up to 20 of them.
 */
export function createFetchText(request: typeof fetch = fetch): FetchText {
  return async (url, timeoutMs) => {
    const signal = AbortSignal.timeout(timeoutMs)
    let current = new URL(url)
    for (let hops = 0; ; hops++) {
      const response = await request(current, { signal, redirect: 'manual' })
      if (!REDIRECT_STATUSES.has(response.status)) return readCapped(response)
      await response.body?.cancel()
      const next = redirectTarget(current, response.headers.get('location'))
      // Refused like a URL that failed: detection moves on to its next source.
      if (!next || hops >= MAX_AUTOCONFIG_REDIRECTS) return null
      current = next
    }
  }
}

/** Where a redirect may lead: http(s) only, and never from https down to http. */
function redirectTarget(from: URL, location: string | null): URL | null {
  if (!location) return null
  const to = URL.parse(location, from)
  if (!to || (to.protocol !== 'https:' && to.protocol !== 'http:')) return null
  if (from.protocol === 'https:' && to.protocol === 'http:') return null
  return to
}

async function readCapped(response: Response): Promise<string | null> {
  if (!response.ok || !response.body) {
    await response.body?.cancel()
    return null
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_AUTOCONFIG_BYTES) {
      await reader.cancel()
      throw unusableAutoconfig('it is larger than 64 KB')
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export const fetchText: FetchText = createFetchText()
