// The 25 MB limit on a message's attachments, for the core, the CLI and the UI alike. Without zod,
// so the renderer can import it without pulling the contract's schemas into its bundle.

const MB = 1024 * 1024

/** Attachments may total this much (decoded). */
export const MAX_ATTACHMENTS_BYTES = 25 * MB

/** ATTACHMENT_TOO_LARGE's message, saying by how much. */
export function attachmentsTooLargeMessage(totalBytes: number): string {
  return `The attachments total ${(totalBytes / MB).toFixed(1)} MB; the limit is 25 MB. Remove some, or share large files as a link.`
}
