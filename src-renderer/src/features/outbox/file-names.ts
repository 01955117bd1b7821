/**
 * Names for stored parts sent again as files (a forward, a draft continued from the server). A
 * file to send needs a name, and a part the sender gave none (often an image of an HTML body)
 * gets one by its type: "image.png" for an image, so the recipient's mail program knows it, else
 * "message.eml" for an attached message (opened as mail by the recipient's program), else
 * "attachment"; the second of the same is "image-2.png", so the recipient can tell them apart.
 * A name the sender gave another part (in any case) is not made again.
 */
export function fileNames(parts: ReadonlyArray<{ filename: string | null; type: string }>): string[] {
  const taken = new Set(parts.flatMap(({ filename }) => (filename ? [filename.toLowerCase()] : [])))
  return parts.map(({ filename, type }) => {
    if (filename) return filename
    const image = /^image\/([a-z0-9]+)/i.exec(type)
    const [stem, extension] = image
      ? ['image', `.${image[1]!.toLowerCase()}`]
      : /^message\/rfc822$/i.test(type)
        ? ['message', '.eml']
        : ['attachment', '']
    let name = stem + extension
    for (let count = 2; taken.has(name.toLowerCase()); count++) name = `${stem}-${count}${extension}`
    taken.add(name.toLowerCase())
    return name
  })
}
