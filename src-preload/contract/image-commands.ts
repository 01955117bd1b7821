import { z } from 'zod'
import { EmailAddress } from './email-address'
import { Empty } from './mail-shapes'

// Remote images in mail HTML stay blocked until the user allows them, for one message (in the
// window only) or for a sender (kept in the workspace). Answers are the senders allowed.
const Senders = z.array(z.string())

export const imageCommands = {
  /** The senders whose mail shows its remote images without asking, oldest choice first. */
  'images.senders': { input: Empty, output: Senders },
  'images.allowSender': { input: z.object({ address: EmailAddress }).strict(), output: Senders },
  'images.stopSender': { input: z.object({ address: EmailAddress }).strict(), output: Senders }
}
