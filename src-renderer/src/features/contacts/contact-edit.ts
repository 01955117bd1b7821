// Turning what the user typed into contact fields, and back.
import type { ApiError, CommandInput } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'

export type ContactPatch = Omit<CommandInput<'contacts.update'>, 'contactId'>

/** "a@x.test, b@y.test" -> ["a@x.test", "b@y.test"]; blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
}

export async function updateContact(contactId: string, patch: ContactPatch): Promise<ApiError | null> {
  const response = await callCommand('contacts.update', { contactId, ...patch })
  return response.ok ? null : response.error
}
