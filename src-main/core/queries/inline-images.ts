// The images an HTML body shows from the message's own parts (src="cid:…", RFC 2392). They are
// part of the mail, not fetched from anywhere, so they show without the user allowing remote
// images: the renderer reads each one's bytes (attachments.read) and swaps them in for the cid:
// URL. The thread says only which part each URL names, so reading a thread stays cheap.
import type { InlineImage } from '../../../src-preload/contract'

/** An image larger than this is listed with the attachments instead of shown in the body. */
export const MAX_INLINE_IMAGE_BYTES = 10 * 1024 * 1024

export type StoredPart = {
  id: number
  content_id: string | null
  content_type: string
  disposition: string | null
  cache_path: string | null
  size: number
}

// A cid: URL where the renderer puts the image in: an <img src> or a background attribute. (A
// cid: URL in CSS or a link is not shown, so its part stays listed to be saved.)
const CID_ATTRIBUTE =
  /\b(?:src|background)\s*=\s*(?:"\s*(cid:[^"]*?)\s*"|'\s*(cid:[^']*?)\s*'|(cid:[^\s>]+))/gi
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
 * The images `html` shows by cid: that are kept offline, each under the URL as the HTML writes
 * it, and the parts shown that way, which the attachment list leaves out. A part not shown (not
 * an image, not kept offline, too large, or not shown by the body) stays listed, so it can still
 * be saved; so does one the sender marked as an attachment.
 */
export function inlineImages(
  html: string | null,
  parts: StoredPart[]
): { images: InlineImage[]; shown: Set<number> } {
  const images: InlineImage[] = []
  const shown = new Set<number>()
  const urls = new Set([...(html?.matchAll(CID_ATTRIBUTE) ?? [])].map((m) => (m[1] ?? m[2] ?? m[3])!))
  if (urls.size === 0) return { images, shown }
  const byContentId = new Map<string, StoredPart>()
  for (const part of parts) {
    if (
      part.content_id &&
      part.cache_path &&
      IMAGE_TYPE.test(part.content_type) &&
      part.size <= MAX_INLINE_IMAGE_BYTES
    )
      byContentId.set(normalize(part.content_id), part)
  }
  for (const url of urls) {
    const part = byContentId.get(contentIdOf(url))
    if (!part) continue
    images.push({ url, attachmentId: part.id, size: part.size })
    if (part.disposition !== 'attachment') shown.add(part.id)
  }
  return { images, shown }
}
