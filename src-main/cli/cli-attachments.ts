import { readFileSync, statSync } from 'node:fs'
import { basename, extname } from 'node:path'
import type { OutgoingAttachment } from '../../src-preload/contract'
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

/** Reads `--attach FILE` arguments; the core checks the 25 MB total. */
export function readAttachments(paths: string[] | undefined): OutgoingAttachment[] | undefined {
  if (!paths || paths.length === 0) return undefined
  return paths.map((path) => {
    try {
      if (!statSync(path).isFile()) throw new Error('not a file')
    } catch {
      throw new UsageError(`--attach ${path}: there is no such file.`)
    }
    return {
      name: basename(path),
      type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      contentBase64: readFileSync(path).toString('base64')
    }
  })
}
