// The images an HTML body shows from the message's own parts (src="cid:…", RFC 2392), handed
// to the renderer as data: URLs. They are part of the mail, not fetched from anywhere, so they
// show without the user allowing remote images; the renderer swaps them in for the cid: URLs.
import type { InlineImage } from '../../../src-preload/contract'

/**
 * At most this many bytes of images per message go to the renderer (as base64, a third more):
 * enough for logos and pasted screenshots. An image past it is listed with the attachments.
 */
export const MAX_INLINE_IMAGE_BYTES = 10 * 1024 * 1024

export type StoredPart = {
  id: number
  content_id: string | null
  content_type: string
  disposition: string | null
  cache_path: string | null
}

// A cid: URL as HTML writes it, in an attribute or in CSS url(…).
const CID_URL = /cid:[^\s"'<>)]+/gi
const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/i

/** The Content-ID a cid: URL names: percent-decoded, without <>, compared without case. */
function contentIdOf(cidUrl: string): string {
  let id = cidUrl.slice('cid:'.length)
  try {
    id = decodeURIComponent(id)
  } catch {
    // A stray "%": the URL as written is the best guess.
  }
  return normalize(id)
}

function normalize(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, '').toLowerCase()
}

/**
 * The images `html` refers to by cid: that are kept offline, each under the URL as the HTML
 * writes it, and the parts shown that way, which the attachment list leaves out. A part not
 * shown (not an image, not kept offline, over the size cap, or not referred to) stays listed,
 * so it can still be saved; so does one the sender marked as an attachment.
 */
export function inlineImages(
  html: string | null,
  parts: StoredPart[],
  read: (cacheKey: string) => Buffer | null
): { images: InlineImage[]; shown: Set<number> } {
  const images: InlineImage[] = []
  const shown = new Set<number>()
  const urls = new Set(html?.match(CID_URL) ?? [])
  if (urls.size === 0) return { images, shown }
  const byContentId = new Map<string, StoredPart>()
  for (const part of parts) {
    if (part.content_id && part.cache_path && IMAGE_TYPE.test(part.content_type)) {
      byContentId.set(normalize(part.content_id), part)
    }
  }
  const dataUrls = new Map<number, string | null>()
  let budget = MAX_INLINE_IMAGE_BYTES
  for (const url of urls) {
    const part = byContentId.get(contentIdOf(url))
    if (!part) continue
    if (!dataUrls.has(part.id)) {
      const bytes = read(part.cache_path!)
      const fits = bytes !== null && bytes.length <= budget
      if (fits) budget -= bytes.length
      dataUrls.set(
        part.id,
        fits ? `data:${part.content_type.toLowerCase()};base64,${bytes.toString('base64')}` : null
      )
    }
    const dataUrl = dataUrls.get(part.id)
    if (!dataUrl) continue
    images.push({ url, dataUrl })
    if (part.disposition !== 'attachment') shown.add(part.id)
  }
  return { images, shown }
}
