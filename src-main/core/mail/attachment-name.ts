// Attachment names come from the sender and are shown and saved as names of files.

// Marks, embeddings, overrides and isolates: "invoice\u202Efdp.exe" displays as "invoiceexe.pdf".
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * An attachment's name, safe to show and to offer as a file name: without bidi controls, which
 * can make a program's name read as a document's, nor other control characters; path
 * separators become "_", so a name can only ever name one file ("../../.bashrc").
 * Applied when mail is parsed, and again when stored names are read, for mail stored before.
 */
export function safeAttachmentName(name: string): string {
  return name
    .replace(BIDI_CONTROLS, '')
    .replace(/\p{Cc}/gu, '')
    .replace(/[/\\]/g, '_')
    .trim()
}
