// What crosses from the main process to the page when a mailto link is followed (see
// src-main/app/security.ts): only the link's plain fields, checked here because they come from a
// hostile mail, whatever the main process meant to send.
import { z } from 'zod'
import { MAILTO_LIMITS, type MailtoFields } from './mailto-link'

const Recipients = z.array(z.string().max(MAILTO_LIMITS.address)).max(MAILTO_LIMITS.recipients)

const MailtoFieldsSchema = z
  .object({
    to: Recipients,
    cc: Recipients,
    bcc: Recipients,
    subject: z.string().max(MAILTO_LIMITS.subject),
    body: z.string().max(MAILTO_LIMITS.body)
  })
  .strict()

/** The fields as the page may take them, or null for anything else. */
export function readMailtoFields(payload: unknown): MailtoFields | null {
  const parsed = MailtoFieldsSchema.safeParse(payload)
  return parsed.success ? parsed.data : null
}
