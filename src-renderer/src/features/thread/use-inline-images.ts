// The bytes of the images a mail shows from its own parts (cid:), read once per image with
// attachments.read and kept for the session, so a thread read again on every change does not
// carry them each time. Kept within a budget: the oldest read go first.
import { useEffect, useState } from 'react'
import type { InlineImage } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { currentDataEpoch } from '../../api/data-epoch'
import type { LoadedInlineImage } from './sanitize-mail-html'

/** Base64 characters kept at most (~36 MB of images); a cached image past it is read again. */
const CACHE_BUDGET_CHARS = 48 * 1024 * 1024

const cache = new Map<number, Promise<string | null>>()
const sizes = new Map<number, number>()
let cachedChars = 0
/** The data epoch the cache was read in: the other workspace numbers its attachments from 1 too. */
let cacheEpoch = currentDataEpoch()

/** The data: URL of one image part; null when it cannot be read (it stays a broken cid: image). */
export function inlineImageDataUrl(attachmentId: number): Promise<string | null> {
  if (cacheEpoch !== currentDataEpoch()) {
    cache.clear()
    sizes.clear()
    cachedChars = 0
    cacheEpoch = currentDataEpoch()
  }
  const known = cache.get(attachmentId)
  if (known) return known
  const read = callCommand('attachments.read', { attachmentId }).then((response) => {
    if (!response.ok) {
      cache.delete(attachmentId)
      return null
    }
    const url = `data:${response.value.contentType.toLowerCase()};base64,${response.value.dataBase64}`
    remember(attachmentId, url.length)
    return url
  })
  cache.set(attachmentId, read)
  return read
}

function remember(attachmentId: number, chars: number): void {
  sizes.set(attachmentId, chars)
  cachedChars += chars
  // Maps iterate in insertion order: the first keys are the oldest reads.
  for (const [id, size] of sizes) {
    if (cachedChars <= CACHE_BUDGET_CHARS || id === attachmentId) break
    sizes.delete(id)
    cache.delete(id)
    cachedChars -= size
  }
}

/**
 * The images as the sanitizer takes them, once read: empty until then, so the body shows at
 * once and its images come in a moment later. Stable while the list names the same parts.
 */
export function useInlineImages(images: readonly InlineImage[]): readonly LoadedInlineImage[] {
  const key = images.map((image) => `${image.attachmentId} ${image.url}`).join('\n')
  const [loaded, setLoaded] = useState<{ key: string; images: readonly LoadedInlineImage[] }>({
    key: '',
    images: []
  })
  useEffect(() => {
    if (!key) return
    let current = true
    const wanted = key.split('\n').map((line) => {
      const space = line.indexOf(' ')
      return { attachmentId: Number(line.slice(0, space)), url: line.slice(space + 1) }
    })
    void Promise.all(wanted.map((image) => inlineImageDataUrl(image.attachmentId))).then((dataUrls) => {
      if (!current) return
      const ready = wanted.flatMap((image, i) =>
        dataUrls[i] ? [{ url: image.url, dataUrl: dataUrls[i] }] : []
      )
      setLoaded({ key, images: ready })
    })
    return () => {
      current = false
    }
  }, [key])
  return loaded.key === key ? loaded.images : NONE
}

const NONE: readonly LoadedInlineImage[] = []
