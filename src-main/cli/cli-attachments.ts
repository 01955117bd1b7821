import { readFileSync, statSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { MAX_ATTACHMENTS_BYTES, type OutgoingAttachment } from '../../src-preload/contract'
import { attachmentsTooLargeMessage } from '../../src-preload/contract/attachment-limit'
import { CoreError } from '../core/errors'
import { UsageError } from './cli-output'

// The common types; anything else goes as application/octet-stream, which every client accepts.
const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
}

/**
 * Reads `--attach FILE` arguments, after checking their 25 MB total by size: a larger file is
 * refused before it is read into memory (and one over 2 GB could not be read at all).
 */
export function readAttachments(paths: string[] | undefined): OutgoingAttachment[] | undefined {
  if (!paths || paths.length === 0) return undefined
  const total = paths.reduce((sum, path) => sum + fileSize(path), 0)
  if (total > MAX_ATTACHMENTS_BYTES)
    throw new CoreError('ATTACHMENT_TOO_LARGE', attachmentsTooLargeMessage(total), 'attachments')
  return paths.map((path) => {
    return {
      name: basename(path),
      type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      contentBase64: readFileSync(path).toString('base64')
    }
  })
}

function fileSize(path: string): number {
  let stats
  try {
    stats = statSync(path)
  } catch {
    throw new UsageError(`--attach ${path}: there is no such file.`)
  }
  if (!stats.isFile()) throw new UsageError(`--attach ${path}: that is not a file.`)
  return stats.size
}
