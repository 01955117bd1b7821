// What Reply or Reply all on one message of a conversation puts in its reply draft: the message's
// recipients as the box's own (none when they are the usual ones), and which message it answers.
import type { MessageDetail } from '../../../../src-preload/contract'
import { formatAddressList } from '../../../../src-preload/contract/address-list'
import { addressKey, type MessageReply } from '../../../../src-preload/contract/message-reply'
import type { ReplyTarget } from '../../../../src-preload/contract/reply-target'
import type { ReplyDraft } from '../../store/ui-store'

const sameList = (a: MessageReply['to'], b: MessageReply['to']) =>
  a.length === b.length && a.every((x, i) => addressKey(x.address) === addressKey(b[i]!.address))

/**
 * `chosen`: messageReply of `message`; `usual`: replyTarget of the conversation. The text and files
 * are left as they are. Reply on the newest message answers none in particular (the box answers
 * the newest, whichever that is by the time it is sent), as before Reply was on every message.
 */
export function messageReplyDraft(
  message: MessageDetail,
  oldestFirst: readonly MessageDetail[],
  chosen: MessageReply | null,
  usual: ReplyTarget | null
): Partial<ReplyDraft> {
  // Even with the usual recipients, an earlier message is the one answered (its sender may have
  // written the newest too).
  const answering = message.id !== oldestFirst.at(-1)?.id ? message.id : undefined
  // The usual recipients (Reply on the newest message) are the box's own choice: none kept.
  if (!chosen || (usual && sameList(chosen.to, usual.to) && sameList(chosen.cc, usual.cc)))
    return { to: '', cc: '', bcc: '', chosen: false, answering }
  return {
    to: formatAddressList(chosen.to),
    cc: formatAddressList(chosen.cc),
    bcc: '',
    chosen: true,
    answering
  }
}
