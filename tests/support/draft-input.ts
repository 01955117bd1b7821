// drafts.save input for tests of the draft store and its commands.
import type { OutgoingAttachment } from '../../src-preload/contract'

/** A file as the contract takes it: base64 with name and type. */
export const draftFile = (name: string, bytes: Buffer, type = 'application/pdf'): OutgoingAttachment => ({
  name,
  type,
  contentBase64: bytes.toString('base64')
})

/** The new message written to Carlos, to be sent on 2 Jan 2030 at 09:00. */
export const newMessageDraft = {
  kind: 'new' as const,
  accountId: null,
  to: 'carlos@client.test',
  subject: 'Catalogue',
  text: 'Our catalogue, as promised',
  later: '2030-01-02T09:00'
}
