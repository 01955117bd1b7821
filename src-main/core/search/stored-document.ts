import type { Address } from '../../../src-preload/contract'
import type { SearchDocument } from './message-index'

/** A stored message's columns that make its search document (SEARCH_COLUMNS, over `messages m`). */
export type StoredMessageRow = {
  id: number
  date: number
  subject: string
  body_text: string | null
  from_name: string
  from_address: string
  to_json: string
  cc_json: string
  bcc_json: string
  attachment_names: string
  has_attachments: number
}

export const SEARCH_COLUMNS = `m.id, m.date, m.subject, m.body_text, m.from_name, m.from_address, m.to_json,
  m.cc_json, m.bcc_json, m.has_attachments,
  (SELECT json_group_array(filename) FROM attachments WHERE message_pk = m.id) AS attachment_names`

/** A message row's sender: none when its address is empty (the store writes '' for no From). */
export const senderOf = (name: string, address: string): Address | null =>
  address ? { name, address } : null

/** What search sees of a message, read back from its row (reindex, or an index that waited). */
export function storedDocument(row: StoredMessageRow): SearchDocument {
  return {
    date: row.date,
    subject: row.subject,
    text: row.body_text,
    from: senderOf(row.from_name, row.from_address),
    to: JSON.parse(row.to_json) as Address[],
    cc: JSON.parse(row.cc_json) as Address[],
    bcc: JSON.parse(row.bcc_json) as Address[],
    attachmentNames: JSON.parse(row.attachment_names) as string[],
    hasAttachments: row.has_attachments === 1
  }
}
