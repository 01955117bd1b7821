// Picked files as the contract takes them (base64 with name and type), and back into files.
import type { OutgoingAttachment } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { fileNames } from './file-names'

import { MAX_ATTACHMENTS_BYTES } from '../../../../src-preload/contract/attachment-limit'

export { MAX_ATTACHMENTS_BYTES }

export function totalSize(files: readonly File[]): number {
  return files.reduce((sum, file) => sum + file.size, 0)
}

export function isTooLarge(files: readonly File[]): boolean {
  return totalSize(files) > MAX_ATTACHMENTS_BYTES
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`))
    reader.readAsDataURL(file)
  })
}

export async function toAttachments(files: readonly File[]): Promise<OutgoingAttachment[]> {
  return Promise.all(
    files.map(async (file) => ({
      name: file.name,
      type: /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream',
      contentBase64: await readBase64(file)
    }))
  )
}

/**
 * Picked files with their bytes read now. A picked file is only a reference to the file on disk,
 * read again at each draft save and at Send: deleted or moved meanwhile (a download cleaned up, a
 * file opened from another program's temporary folder), it could no longer be sent or kept.
 */
export function inMemory(files: readonly File[]): Promise<File[]> {
  return Promise.all(
    files.map(
      async (file) =>
        new File([await file.arrayBuffer()], file.name, { type: file.type, lastModified: file.lastModified })
    )
  )
}

/** A file as the composer holds one, rebuilt from the bytes the core kept (a draft's). */
export function fileFrom(attachment: OutgoingAttachment): File {
  const binary = atob(attachment.contentBase64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new File([bytes], attachment.name, { type: attachment.type })
}

/**
 * Stored attachments as files, to send again (a forward, a draft continued from the server): read
 * from the copy Rapport keeps, or the server. Throws the first error.
 */
export async function readAttachmentFiles(attachments: ReadonlyArray<{ id: number }>): Promise<File[]> {
  const read = await Promise.all(
    attachments.map(async ({ id }) => {
      const answer = await callCommand('attachments.read', { attachmentId: id })
      if (!answer.ok) throw answer.error
      return answer.value
    })
  )
  const names = fileNames(read.map((part) => ({ filename: part.filename, type: part.contentType })))
  return read.map((part, i) =>
    fileFrom({ name: names[i]!, type: part.contentType, contentBase64: part.dataBase64 })
  )
}
