/**
 * Names for stored parts sent again as files (a forward, a draft continued from the server). A
 * file to send needs a name, and a part the sender gave none (often an image of an HTML body)
 * gets one by its type: "image.png" for an image, so the recipient's mail program knows it, else
 * "attachment"; the second of the same is "image-2.png", so the recipient can tell them apart.
 */
export function fileNames(parts: ReadonlyArray<{ filename: string | null; type: string }>): string[] {
  const taken = new Map<string, number>()
  return parts.map(({ filename, type }) => {
    if (filename) return filename
    const image = /^image\/([a-z0-9]+)/i.exec(type)
    const [stem, extension] = image ? ['image', `.${image[1]!.toLowerCase()}`] : ['attachment', '']
    const count = (taken.get(stem + extension) ?? 0) + 1
    taken.set(stem + extension, count)
    return count === 1 ? stem + extension : `${stem}-${count}${extension}`
  })
}
